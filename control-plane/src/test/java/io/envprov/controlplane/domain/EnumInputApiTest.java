package io.envprov.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Values a request names by an enum (env types, credential scopes) are checked with the enum's
 * parse; a bad one answers the same 400 {@code validation_failed} problem, field and message as the
 * patterns did before, and the JSON shows the same lower-case values.
 */
class EnumInputApiTest extends ApiTestSupport {

  private static final String ENV_TYPES = "must be one of sandbox, development, production, trial";

  @Test
  void an_env_type_that_is_not_creatable_is_refused_on_create_and_copy() {
    String organization = createOrganization(slug("enum")).get("id").asString();
    String environments = "/v1/organizations/" + organization + "/environments";
    for (String type : new String[] {"galaxy", "default", "Sandbox", ""}) {
      assertRefused(
          post(environments, Map.of("slug", slug("e"), "name", "x", "env_type", type), 400),
          "env_type",
          ENV_TYPES);
    }
    JsonNode sandbox =
        post(environments, Map.of("slug", slug("e"), "name", "x", "env_type", "trial"), 202);
    assertThat(sandbox.get("env_type").asString()).isEqualTo("trial");
    assertThat(sandbox.get("status").asString()).isEqualTo("provisioning");
    assertThat(sandbox.get("is_protected").asBoolean()).isFalse();
    String id = sandbox.get("id").asString();
    awaitStatus(id, "active");
    assertRefused(
        post(
            "/v1/environments/" + id + "/copy",
            Map.of("slug", slug("c"), "name", "x", "env_type", "default"),
            400),
        "env_type",
        ENV_TYPES);
  }

  @Test
  void a_scope_that_names_none_is_refused_with_the_message_of_each_route() {
    String organization = createOrganization(slug("enum")).get("id").asString();
    String environment = createEnvironment(organization, slug("env")).get("id").asString();
    awaitStatus(environment, "active");
    assertRefused(
        post("/v1/environments/" + environment + "/credentials", Map.of("scope", "superuser"), 400),
        "scope",
        "must be one of readwrite, readonly, admin");
    assertRefused(
        post(
            "/v1/service-accounts",
            Map.of(
                "name",
                "dp",
                "role",
                "data_plane",
                "all_organizations",
                true,
                "max_scope",
                "ADMIN"),
            400),
        "max_scope",
        "must be readonly, readwrite or admin");

    String key =
        post(
                "/v1/service-accounts",
                Map.of("name", "dp", "role", "data_plane", "all_organizations", true),
                201)
            .get("key")
            .asString();
    WebTestClient dataPlane =
        anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
    String connection = "/v1/environments/" + environment + "/connection";
    assertRefused(
        JSON.readTree(
            dataPlane
                .get()
                .uri(connection + "?scope=root")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .returnResult()
                .getResponseBody()),
        "scope",
        "must be readwrite, readonly or admin");
    // No scope, or an empty one, is readwrite (the broker's default).
    for (String query : new String[] {"", "?scope="}) {
      JsonNode served =
          JSON.readTree(
              dataPlane
                  .get()
                  .uri(connection + query)
                  .exchange()
                  .expectStatus()
                  .isOk()
                  .expectBody()
                  .returnResult()
                  .getResponseBody());
      assertThat(served.get("scope").asString()).as(query).isEqualTo("readwrite");
    }
  }

  private static void assertRefused(JsonNode problem, String field, String message) {
    assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
    assertThat(problem.get("errors")).hasSize(1);
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
    assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo(message);
  }
}
