package io.envprov.controlplane.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Memberships through the API: roles set, listed, changed and removed. */
class MemberApiTest extends ApiTestSupport {

  @Test
  void removing_someone_from_an_organization_removes_them_from_its_environments_too() {
    String organization = createOrganization(slug("members")).get("id").asString();
    String environment = createEnvironment(organization, slug("env")).get("id").asString();
    String user = user();

    assertThat(
            put("/v1/organizations/" + organization + "/members/" + user, "org_member", 200)
                .get("role")
                .asString())
        .isEqualTo("org_member");
    assertThat(
            put("/v1/environments/" + environment + "/members/" + user, "env_maker", 200)
                .get("environment_id")
                .asString())
        .isEqualTo(environment);
    assertThat(
            put("/v1/environments/" + environment + "/members/" + user, "env_user", 200)
                .get("role")
                .asString())
        .isEqualTo("env_user");
    assertThat(get("/v1/environments/" + environment + "/members").get("items")).hasSize(1);

    admin()
        .delete()
        .uri("/v1/organizations/" + organization + "/members/" + user)
        .exchange()
        .expectStatus()
        .isNoContent();

    assertThat(get("/v1/organizations/" + organization + "/members").get("items")).isEmpty();
    assertThat(get("/v1/environments/" + environment + "/members").get("items")).isEmpty();
    admin()
        .delete()
        .uri("/v1/organizations/" + organization + "/members/" + user)
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void a_role_of_the_wrong_kind_or_an_unknown_user_is_refused_and_nothing_changes() {
    String organization = createOrganization(slug("roles")).get("id").asString();
    String user = user();

    assertThat(
            put("/v1/organizations/" + organization + "/members/" + user, "env_admin", 400)
                .get("code")
                .asString())
        .isEqualTo("validation_failed");
    assertThat(
            put(
                    "/v1/organizations/" + organization + "/members/" + UUID.randomUUID(),
                    "org_admin",
                    404)
                .get("code")
                .asString())
        .isEqualTo("not_found");
    assertThat(get("/v1/organizations/" + organization + "/members").get("items")).isEmpty();
  }

  private String user() {
    return post(
            "/v1/users",
            Map.of("email", "member-" + UUID.randomUUID() + "@example.com", "name", "Member"),
            201)
        .get("id")
        .asString();
  }

  private JsonNode put(String path, String role, int status) {
    byte[] body =
        admin()
            .put()
            .uri(path)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("role", role))
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(body);
  }
}
