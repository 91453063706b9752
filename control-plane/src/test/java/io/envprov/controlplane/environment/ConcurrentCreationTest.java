package io.envprov.controlplane.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class ConcurrentCreationTest extends ApiTestSupport {

  @LocalServerPort int port;

  @Test
  void twenty_concurrent_creates_of_one_slug_give_exactly_one_environment() {
    String organizationId = createOrganization(slug("race")).get("id").asString();
    String slug = slug("same");
    WebClient client =
        WebClient.builder()
            .baseUrl("http://localhost:" + port)
            .defaultHeader("Authorization", "Bearer " + ADMIN_KEY)
            .build();

    List<Integer> statuses =
        Flux.range(0, 20)
            .flatMap(
                i ->
                    client
                        .post()
                        .uri("/v1/organizations/{id}/environments", organizationId)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("slug", slug, "name", "Same " + i, "env_type", "sandbox"))
                        .exchangeToMono(response -> Mono.just(response.statusCode()))
                        .map(HttpStatusCode::value),
                20)
            .collectList()
            .block(Duration.ofSeconds(60));

    assertThat(statuses).hasSize(20);
    assertThat(statuses.stream().filter(s -> s == 202)).hasSize(1);
    assertThat(statuses.stream().filter(s -> s == 409)).hasSize(19);
    JsonNode list = get("/v1/organizations/" + organizationId + "/environments?limit=500");
    long withSlug = 0;
    for (JsonNode item : list.get("items")) {
      if (item.get("slug").asString().equals(slug)) {
        withSlug++;
      }
    }
    assertThat(withSlug).isEqualTo(1);
  }
}
