package io.envprov.controlplane.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class OrganizationApiTest extends ApiTestSupport {

  @Test
  void creating_an_organization_returns_it_with_a_provisioning_default_environment() {
    String slug = slug("acme");

    var result =
        admin()
            .post()
            .uri("/v1/organizations")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("slug", slug, "name", "Acme"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult();
    JsonNode body = JSON.readTree(result.getResponseBody());

    assertThat(result.getResponseHeaders().getLocation())
        .hasToString("/v1/organizations/" + body.get("id").asString());
    assertThat(body.get("slug").asString()).isEqualTo(slug);
    JsonNode environment = body.get("default_environment");
    assertThat(environment.get("env_type").asString()).isEqualTo("default");
    assertThat(environment.get("is_default").asBoolean()).isTrue();
    assertThat(environment.get("status").asString()).isIn("provisioning", "active");
    assertThat(environment.get("operation").get("href").asString()).startsWith("/v1/operations/");
  }

  @Test
  void the_default_environment_turns_active_with_a_sqlite_file_holding_the_baseline()
      throws Exception {
    JsonNode organization = createOrganization(slug("files"));
    String environmentId = organization.get("default_environment").get("id").asString();

    JsonNode active = awaitStatus(environmentId, "active");

    String databaseName = active.get("database").get("database_name").asString();
    assertThat(databaseName).matches("env_[0-9a-f]{32}");
    assertThat(active.get("database").get("provisioned_at").isNull()).isFalse();
    assertThat(sqliteFile(databaseName)).exists();
    assertThat(sqliteFile(databaseName).getFileName().toString()).contains(databaseName);
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(databaseName));
        ResultSet tables =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sys_package_installation'")) {
      assertThat(tables.next()).as("sys_package_installation exists").isTrue();
    }
    assertThat(Files.size(sqliteFile(databaseName))).isPositive();
  }

  @Test
  void a_duplicate_slug_is_rejected_with_slug_taken() {
    String slug = slug("dup");
    createOrganization(slug);

    JsonNode problem = post("/v1/organizations", Map.of("slug", slug, "name", "Again"), 409);

    assertThat(problem.get("code").asString()).isEqualTo("slug_taken");
    assertThat(problem.get("status").asInt()).isEqualTo(409);
  }

  @Test
  void an_invalid_slug_and_a_missing_name_are_each_listed_in_validation_errors() {
    JsonNode problem = post("/v1/organizations", Map.of("slug", "Not A Slug!"), 400);

    assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
    assertThat(fields).containsExactlyInAnyOrder("name", "slug");
  }

  @Test
  void an_unknown_organization_is_not_found() {
    admin()
        .get()
        .uri("/v1/organizations/6b2d4be2-1197-458b-aa87-67ad35669620")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("not_found");
  }

  @Test
  void organizations_are_listed_page_by_page_with_a_cursor() {
    for (int i = 0; i < 3; i++) {
      createOrganization(slug("page"));
    }

    JsonNode first = get("/v1/organizations?limit=2");
    assertThat(first.get("items")).hasSize(2);
    String cursor = first.get("next_cursor").asString();
    JsonNode second = get("/v1/organizations?limit=2&cursor=" + cursor);

    List<String> firstIds = new ArrayList<>();
    first.get("items").forEach(item -> firstIds.add(item.get("id").asString()));
    second
        .get("items")
        .forEach(item -> assertThat(firstIds).doesNotContain(item.get("id").asString()));
    assertThat(second.get("items").size()).isPositive();
  }

  @Test
  void a_retry_with_the_same_idempotency_key_returns_the_first_response_and_creates_nothing_new() {
    String slug = slug("idem");
    Map<String, String> body = Map.of("slug", slug, "name", "Idem");

    JsonNode first = postWithKey("/v1/organizations", "key-" + slug, body, 201);
    JsonNode replay = postWithKey("/v1/organizations", "key-" + slug, body, 201);

    assertThat(replay.get("id")).isEqualTo(first.get("id"));
    assertThat(replay.get("default_environment").get("id"))
        .isEqualTo(first.get("default_environment").get("id"));
  }

  @Test
  void reusing_an_idempotency_key_with_another_body_is_unprocessable() {
    String slug = slug("idem");
    postWithKey("/v1/organizations", "key-" + slug, Map.of("slug", slug, "name", "A"), 201);

    JsonNode problem =
        postWithKey(
            "/v1/organizations", "key-" + slug, Map.of("slug", slug("other"), "name", "B"), 422);

    assertThat(problem.get("code").asString()).isEqualTo("idempotency_key_reused");
  }

  private JsonNode postWithKey(String path, String key, Object body, int status) {
    return JSON.readTree(
        admin()
            .post()
            .uri(path)
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }
}
