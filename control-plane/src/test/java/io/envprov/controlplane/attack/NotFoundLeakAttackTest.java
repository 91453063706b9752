package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, item 7: a member of organization A probes the ids of organization B's organization,
 * environment, database, credential and operation. Each answer must be the very 404 a random id
 * gets (byte for byte, but for {@code instance}, which is the path the caller sent): no kind of
 * resource, no id the lookup met on the way (an operation's or a credential's environment), no
 * name.
 */
class NotFoundLeakAttackTest extends ApiTestSupport {

  @Test
  void a_member_of_another_organization_gets_the_same_404_for_real_ids_as_for_random_ones() {
    String slugA = slug("leak-a");
    String slugB = slug("leak-b");
    String organizationA = createOrganization(slugA).get("id").asString();
    JsonNode organizationB = createOrganization(slugB);
    String orgB = organizationB.get("id").asString();
    String envSlugB = slug("secret-env");
    JsonNode created = createEnvironment(orgB, envSlugB);
    String envB = created.get("id").asString();
    String href = created.get("operation").get("href").asString();
    String operationB = href.substring(href.lastIndexOf('/') + 1);
    awaitStatus(envB, "active");
    String credentialB =
        post("/v1/environments/" + envB + "/credentials", Map.of("scope", "readonly"), 201)
            .get("id")
            .asString();

    WebTestClient prober = userOf(organizationA);

    Map<String, String> realIds = new LinkedHashMap<>();
    realIds.put("organization", orgB);
    realIds.put("environment", envB);
    realIds.put("credential", credentialB);
    realIds.put("operation", operationB);
    List<Probe> probes =
        List.of(
            // First those whose lookup meets another id (the environment) on the way.
            new Probe(HttpMethod.GET, "/v1/operations/{operation}"),
            new Probe(HttpMethod.GET, "/v1/credentials/{credential}"),
            new Probe(HttpMethod.POST, "/v1/credentials/{credential}/rotate"),
            new Probe(HttpMethod.GET, "/v1/organizations/{organization}"),
            new Probe(HttpMethod.GET, "/v1/organizations/{organization}/environments"),
            new Probe(HttpMethod.GET, "/v1/organizations/{organization}/members"),
            new Probe(HttpMethod.GET, "/v1/environments/{environment}"),
            new Probe(HttpMethod.GET, "/v1/environments/{environment}/database"),
            new Probe(HttpMethod.GET, "/v1/environments/{environment}/credentials"),
            new Probe(HttpMethod.GET, "/v1/environments/{environment}/members"),
            new Probe(HttpMethod.POST, "/v1/environments/{environment}/suspend"),
            new Probe(HttpMethod.DELETE, "/v1/credentials/{credential}"));

    for (Probe probe : probes) {
      String placeholder = probe.path().replaceAll(".*\\{(\\w+)}.*", "$1");
      String realPath = probe.path().replace("{" + placeholder + "}", realIds.get(placeholder));
      String randomPath =
          probe.path().replace("{" + placeholder + "}", UUID.randomUUID().toString());

      EntityExchangeResult<byte[]> real = send(prober, probe.method(), realPath);
      EntityExchangeResult<byte[]> random = send(prober, probe.method(), randomPath);

      String what = probe.method() + " " + probe.path();
      assertThat(real.getStatus().value()).as(what).isEqualTo(404);
      assertThat(random.getStatus().value()).as(what).isEqualTo(404);
      assertThat(real.getResponseHeaders().getContentType())
          .as(what)
          .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      String realBody = withoutInstance(real.getResponseBody());
      assertThat(realBody).as(what).isEqualTo(withoutInstance(random.getResponseBody()));
      assertThat(realBody)
          .as(what)
          .doesNotContain(orgB, envB, credentialB, operationB, slugB, envSlugB);
    }
    // Nothing was done to B's resources on the way.
    assertThat(get("/v1/credentials/" + credentialB).get("status").asString()).isEqualTo("active");
    assertThat(get("/v1/environments/" + envB).get("status").asString()).isEqualTo("active");
  }

  private record Probe(HttpMethod method, String path) {}

  private static EntityExchangeResult<byte[]> send(
      WebTestClient client, HttpMethod method, String path) {
    return client.method(method).uri(path).exchange().expectBody().returnResult();
  }

  /** The body without {@code instance} (the path the caller sent), bytes otherwise untouched. */
  private static String withoutInstance(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    String instance = JSON.readTree(body).path("instance").asString("");
    return instance.isEmpty()
        ? text
        : text.replace("\"instance\":\"" + instance + "\"", "\"instance\":\"\"");
  }

  /** A client holding the API key of a new user who is org_admin of the organization. */
  private WebTestClient userOf(String organizationId) {
    String userId =
        post(
                "/v1/users",
                Map.of("email", "prober-" + UUID.randomUUID() + "@example.com", "name", "Prober"),
                201)
            .get("id")
            .asString();
    admin()
        .put()
        .uri("/v1/organizations/" + organizationId + "/members/" + userId)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("role", "org_admin"))
        .exchange()
        .expectStatus()
        .isOk();
    String key = post("/v1/users/" + userId + "/api-keys", Map.of(), 201).get("key").asString();
    return anonymous
        .mutate()
        .responseTimeout(Duration.ofSeconds(30))
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
        .build();
  }
}
