package io.envprov.controlplane.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Two control-plane replicas over one store, racing to make the first signing key. */
class SigningKeyReplicasTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dataDir;

  @Test
  void two_replicas_racing_on_first_use_end_with_one_signing_key_that_both_publish_and_accept()
      throws Exception {
    TestPostgres.Database store = TestPostgres.newDatabase();
    TestUsers users = new TestUsers(store);
    try (RunningService a = RunningService.start(store, dataDir, Map.of());
        RunningService b = RunningService.start(store, dataDir, Map.of())) {
      TestUsers.User user = users.create();
      List<WebClient> replicas = List.of(client(a, user.apiKey()), client(b, user.apiKey()));

      List<String> answers =
          Flux.range(0, 24)
              .flatMap(
                  i -> {
                    WebClient replica = replicas.get(i % 2);
                    Mono<String> call =
                        i % 4 < 2
                            ? replica
                                .get()
                                .uri("/.well-known/jwks.json")
                                .retrieve()
                                .bodyToMono(String.class)
                            : replica
                                .post()
                                .uri("/v1/sessions")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of())
                                .retrieve()
                                .bodyToMono(String.class);
                    return call;
                  },
                  24)
              .collectList()
              .block(Duration.ofSeconds(60));

      assertThat(answers).hasSize(24);
      assertThat(users.rows("SELECT kid FROM session_signing_key")).hasSize(1);
      String kid =
          String.valueOf(users.rows("SELECT kid FROM session_signing_key").get(0).get("kid"));
      for (RunningService replica : List.of(a, b)) {
        JsonNode jwks =
            JSON.readTree(
                replica
                    .client()
                    .get()
                    .uri("/.well-known/jwks.json")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody());
        assertThat(jwks.get("keys")).hasSize(1);
        assertThat(jwks.get("keys").get(0).get("kid").asString()).isEqualTo(kid);
      }
      // A token one replica signed is accepted by the other.
      for (String answer : answers) {
        JsonNode body = JSON.readTree(answer);
        if (body.has("token")) {
          for (RunningService replica : List.of(a, b)) {
            replica
                .client()
                .mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + body.get("token").asString())
                .build()
                .get()
                .uri("/v1/organizations")
                .exchange()
                // Verified (a bad token is 401), then refused beyond the session routes.
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("session_token_not_accepted");
          }
        }
      }
      assertThat(users.rows("SELECT id FROM user_session WHERE user_id = ?", user.id()))
          .hasSize(12);
    }
  }

  private static WebClient client(RunningService service, String bearer) {
    String port =
        service
            .bean(org.springframework.core.env.Environment.class)
            .getProperty("local.server.port");
    return WebClient.builder()
        .baseUrl("http://localhost:" + port)
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
        .build();
  }
}
