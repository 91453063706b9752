package io.envprov.controlplane.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

// Deletes drop the database at once here, as before the recovery window (RecoveryWindowTest).
@TestPropertySource(properties = "controlplane.environments.recovery-window=0")
class EnvironmentApiTest extends ApiTestSupport {

  private String organizationId;
  private String defaultEnvironmentId;

  @BeforeEach
  void organization() {
    JsonNode organization = createOrganization(slug("env"));
    organizationId = organization.get("id").asString();
    defaultEnvironmentId = organization.get("default_environment").get("id").asString();
  }

  @Test
  void a_get_that_waits_answers_once_the_environment_is_active_not_while_it_provisions() {
    String id = createEnvironment(organizationId, slug("waited")).get("id").asString();

    JsonNode settled = get("/v1/environments/" + id + "?wait_seconds=30");

    assertThat(settled.get("status").asString()).isEqualTo("active");
    assertThat(settled.get("database").get("database_name").asString()).startsWith("env_");
  }

  @Test
  void a_wait_on_a_settled_environment_answers_at_once_and_a_bad_wait_is_refused() {
    String id = createEnvironment(organizationId, slug("settled")).get("id").asString();
    awaitStatus(id, "active");

    assertThat(get("/v1/environments/" + id + "?wait_seconds=60").get("status").asString())
        .isEqualTo("active");
    admin()
        .get()
        .uri("/v1/environments/" + id + "?wait_seconds=61")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("validation_failed");
  }

  @Test
  void creating_an_environment_is_accepted_with_its_operation_and_it_turns_active() {
    String slug = slug("sandbox");

    var result =
        admin()
            .post()
            .uri("/v1/organizations/" + organizationId + "/environments")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "slug", slug,
                    "name", "Sandbox",
                    "env_type", "sandbox",
                    "description", "for trying things",
                    "metadata", Map.of("team", "blue")))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody()
            .returnResult();
    JsonNode accepted = JSON.readTree(result.getResponseBody());
    String id = accepted.get("id").asString();

    assertThat(result.getResponseHeaders().getLocation()).hasToString("/v1/environments/" + id);
    assertThat(accepted.get("status").asString()).isEqualTo("provisioning");
    assertThat(accepted.get("metadata").get("team").asString()).isEqualTo("blue");
    JsonNode active = awaitStatus(id, "active");
    assertThat(active.get("database").get("driver").asString()).isEqualTo("sqlite");
    assertThat(active.has("error")).isFalse();
    JsonNode operation = get(accepted.get("operation").get("href").asString());
    assertThat(operation.get("status").asString()).isEqualTo("succeeded");
    assertThat(operation.get("kind").asString()).isEqualTo("provision");
    assertThat(operation.get("attempts").asInt()).isEqualTo(1);
    assertThat(operation.get("finished_at").isNull()).isFalse();
  }

  @Test
  void the_environment_database_is_described_without_any_secret() {
    String id = createEnvironment(organizationId, slug("db")).get("id").asString();
    awaitStatus(id, "active");

    JsonNode database = get("/v1/environments/" + id + "/database");

    assertThat(database.get("environment_id").asString()).isEqualTo(id);
    assertThat(database.get("database_url").asString())
        .startsWith("jdbc:sqlite:")
        .contains(database.get("database_name").asString());
    assertThat(database.toString()).doesNotContainIgnoringCase("password").doesNotContain("secret");
  }

  @Test
  void environments_are_listed_page_by_page() {
    for (int i = 0; i < 3; i++) {
      createEnvironment(organizationId, slug("list"));
    }

    JsonNode first = get("/v1/organizations/" + organizationId + "/environments?limit=2");
    JsonNode rest =
        get(
            "/v1/organizations/"
                + organizationId
                + "/environments?limit=2&cursor="
                + first.get("next_cursor").asString());

    List<String> slugs = new ArrayList<>();
    first.get("items").forEach(item -> slugs.add(item.get("slug").asString()));
    rest.get("items").forEach(item -> slugs.add(item.get("slug").asString()));
    assertThat(slugs).hasSize(4).doesNotHaveDuplicates().contains("default");
    assertThat(rest.get("next_cursor").isNull()).isTrue();
  }

  @Test
  void a_limit_over_500_is_a_validation_error() {
    admin()
        .get()
        .uri("/v1/organizations/" + organizationId + "/environments?limit=501")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("validation_failed");
  }

  @Test
  void patching_changes_only_the_given_fields_and_honours_if_match() {
    String id = createEnvironment(organizationId, slug("patch")).get("id").asString();
    awaitStatus(id, "active");
    String etag =
        admin()
            .get()
            .uri("/v1/environments/" + id)
            .exchange()
            .returnResult(String.class)
            .getResponseHeaders()
            .getETag();

    admin()
        .patch()
        .uri("/v1/environments/" + id)
        .header("If-Match", etag)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "Renamed", "is_protected", true))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("Renamed")
        .jsonPath("$.is_protected")
        .isEqualTo(true)
        .jsonPath("$.env_type")
        .isEqualTo("sandbox");

    admin()
        .patch()
        .uri("/v1/environments/" + id)
        .header("If-Match", etag)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "Lost update"))
        .exchange()
        .expectStatus()
        .isEqualTo(412)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("precondition_failed");
    assertThat(get("/v1/environments/" + id).get("name").asString()).isEqualTo("Renamed");
  }

  @Test
  void suspending_and_resuming_move_an_active_environment_back_and_forth() {
    String id = createEnvironment(organizationId, slug("suspend")).get("id").asString();
    awaitStatus(id, "active");

    assertThat(post("/v1/environments/" + id + "/suspend", Map.of(), 200).get("status").asString())
        .isEqualTo("suspended");
    assertThat(post("/v1/environments/" + id + "/suspend", Map.of(), 409).get("code").asString())
        .isEqualTo("invalid_state");
    assertThat(post("/v1/environments/" + id + "/resume", Map.of(), 200).get("status").asString())
        .isEqualTo("active");
    assertThat(post("/v1/environments/" + id + "/resume", Map.of(), 409).get("code").asString())
        .isEqualTo("invalid_state");
  }

  @Test
  void deleting_an_environment_drops_its_database_and_archives_it() {
    String id = createEnvironment(organizationId, slug("delete")).get("id").asString();
    JsonNode active = awaitStatus(id, "active");
    String databaseName = active.get("database").get("database_name").asString();
    assertThat(sqliteFile(databaseName)).exists();

    JsonNode accepted =
        JSON.readTree(
            admin()
                .delete()
                .uri("/v1/environments/" + id)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(accepted.get("status").asString()).isEqualTo("deprovisioning");
    awaitStatus(id, "archived");
    assertThat(sqliteFile(databaseName)).doesNotExist();
    assertThat(get(accepted.get("operation").get("href").asString()).get("kind").asString())
        .isEqualTo("deprovision");
  }

  @Test
  void an_archived_environment_frees_its_slug() {
    String slug = slug("reuse");
    String id = createEnvironment(organizationId, slug).get("id").asString();
    awaitStatus(id, "active");
    admin().delete().uri("/v1/environments/" + id).exchange().expectStatus().isAccepted();
    awaitStatus(id, "archived");

    String again = createEnvironment(organizationId, slug).get("id").asString();

    assertThat(again).isNotEqualTo(id);
  }

  @Test
  void the_default_environment_cannot_be_deleted() {
    awaitStatus(defaultEnvironmentId, "active");

    admin()
        .delete()
        .uri("/v1/environments/" + defaultEnvironmentId)
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("environment_protected");
    assertThat(get("/v1/environments/" + defaultEnvironmentId).get("status").asString())
        .isEqualTo("active");
  }

  @Test
  void a_protected_environment_cannot_be_deleted_until_unprotected() {
    String id =
        post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug",
                    slug("prod"),
                    "name",
                    "Prod",
                    "env_type",
                    "production",
                    "is_protected",
                    true),
                202)
            .get("id")
            .asString();
    awaitStatus(id, "active");

    admin()
        .delete()
        .uri("/v1/environments/" + id)
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("environment_protected");

    admin()
        .patch()
        .uri("/v1/environments/" + id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("is_protected", false))
        .exchange()
        .expectStatus()
        .isOk();
    admin().delete().uri("/v1/environments/" + id).exchange().expectStatus().isAccepted();
    awaitStatus(id, "archived");
  }

  @Test
  void copying_everything_carries_the_data_and_leaves_the_source_usable() throws Exception {
    String source = createEnvironment(organizationId, slug("src")).get("id").asString();
    String sourceDb = awaitStatus(source, "active").get("database").get("database_name").asString();
    insertPackage(sourceDb, "pkg.alpha");

    JsonNode copy =
        post(
            "/v1/environments/" + source + "/copy",
            Map.of(
                "slug",
                slug("copy"),
                "name",
                "Copy",
                "env_type",
                "development",
                "mode",
                "everything"),
            202);

    JsonNode active = awaitStatus(copy.get("id").asString(), "active");
    String copyDb = active.get("database").get("database_name").asString();
    assertThat(copyDb).isNotEqualTo(sourceDb);
    assertThat(packages(copyDb)).containsExactly("pkg.alpha");
    insertPackage(sourceDb, "pkg.beta");
    assertThat(packages(sourceDb)).containsExactlyInAnyOrder("pkg.alpha", "pkg.beta");
    assertThat(packages(copyDb)).containsExactly("pkg.alpha");
    assertThat(get(copy.get("operation").get("href").asString()).get("kind").asString())
        .isEqualTo("copy");
  }

  @Test
  void copying_the_schema_only_carries_tables_but_no_rows() throws Exception {
    String source = createEnvironment(organizationId, slug("src")).get("id").asString();
    String sourceDb = awaitStatus(source, "active").get("database").get("database_name").asString();
    insertPackage(sourceDb, "pkg.alpha");
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(sourceDb));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE note (id integer primary key, text text)");
      statement.execute("INSERT INTO note (text) VALUES ('hello')");
    }

    JsonNode copy =
        post(
            "/v1/environments/" + source + "/copy",
            Map.of(
                "slug",
                slug("schema"),
                "name",
                "Schema",
                "env_type",
                "sandbox",
                "mode",
                "schema_only"),
            202);

    String copyDb =
        awaitStatus(copy.get("id").asString(), "active")
            .get("database")
            .get("database_name")
            .asString();
    assertThat(packages(copyDb)).isEmpty();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(copyDb));
        ResultSet count = connection.createStatement().executeQuery("SELECT count(*) FROM note")) {
      count.next();
      assertThat(count.getInt(1)).isZero();
    }
  }

  @Test
  void retrying_an_environment_that_has_not_failed_is_an_invalid_state() {
    String id = createEnvironment(organizationId, slug("busy")).get("id").asString();
    awaitStatus(id, "active");

    assertThat(post("/v1/environments/" + id + "/retry", Map.of(), 409).get("code").asString())
        .isEqualTo("invalid_state");
  }

  @Test
  void unknown_ids_are_not_found_and_malformed_ids_are_bad_requests() {
    String unknown = UUID.randomUUID().toString();
    for (String path :
        List.of(
            "/v1/environments/" + unknown,
            "/v1/environments/" + unknown + "/database",
            "/v1/operations/" + unknown,
            "/v1/organizations/" + unknown + "/environments")) {
      admin()
          .get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.code")
          .isEqualTo("not_found");
    }
    assertThat(
            post(
                    "/v1/organizations/" + unknown + "/environments",
                    Map.of("slug", slug("x"), "name", "X", "env_type", "sandbox"),
                    404)
                .get("code")
                .asString())
        .isEqualTo("not_found");
    admin()
        .get()
        .uri("/v1/environments/not-a-uuid")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("validation_failed");
  }

  @Test
  void an_unknown_env_type_or_driver_is_refused_and_nothing_is_created() {
    String slug = slug("bad");
    JsonNode badType =
        post(
            "/v1/organizations/" + organizationId + "/environments",
            Map.of("slug", slug, "name", "Bad", "env_type", "galaxy"),
            400);
    JsonNode badDriver =
        post(
            "/v1/organizations/" + organizationId + "/environments",
            Map.of("slug", slug, "name", "Bad", "env_type", "sandbox", "driver", "oracle"),
            400);
    JsonNode defaultType =
        post(
            "/v1/organizations/" + organizationId + "/environments",
            Map.of("slug", slug, "name", "Bad", "env_type", "default"),
            400);

    assertThat(badType.get("errors").get(0).get("field").asString()).isEqualTo("env_type");
    assertThat(badDriver.get("code").asString()).isEqualTo("driver_unavailable");
    assertThat(defaultType.get("code").asString()).isEqualTo("validation_failed");
    JsonNode list = get("/v1/organizations/" + organizationId + "/environments");
    list.get("items").forEach(item -> assertThat(item.get("slug").asString()).isNotEqualTo(slug));
  }

  @Test
  void every_change_writes_an_audit_event() throws Exception {
    String id = createEnvironment(organizationId, slug("audit")).get("id").asString();
    awaitStatus(id, "active");
    post("/v1/environments/" + id + "/suspend", Map.of(), 200);
    post("/v1/environments/" + id + "/resume", Map.of(), 200);
    admin().delete().uri("/v1/environments/" + id).exchange().expectStatus().isAccepted();
    awaitStatus(id, "archived");

    List<String> actions = new ArrayList<>();
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT action, actor FROM audit_event WHERE resource_id = ? ORDER BY occurred_at")) {
      query.setObject(1, UUID.fromString(id));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          actions.add(rows.getString("action"));
        }
      }
    }
    assertThat(actions)
        .containsExactly(
            "environment.created",
            "environment.activated",
            "environment.suspended",
            "environment.resumed",
            "environment.deleted",
            "environment.archived");
  }

  @Test
  void copy_refuses_an_unknown_source_a_bad_mode_and_a_source_that_is_not_active() {
    String unknown = UUID.randomUUID().toString();
    Map<String, String> copy =
        Map.of("slug", slug("copy"), "name", "Copy", "env_type", "sandbox", "mode", "everything");
    assertThat(post("/v1/environments/" + unknown + "/copy", copy, 404).get("code").asString())
        .isEqualTo("not_found");

    String source = createEnvironment(organizationId, slug("src")).get("id").asString();
    awaitStatus(source, "active");
    JsonNode badMode =
        post(
            "/v1/environments/" + source + "/copy",
            Map.of("slug", slug("copy"), "name", "Copy", "env_type", "sandbox", "mode", "some"),
            400);
    assertThat(badMode.get("errors").get(0).get("field").asString()).isEqualTo("mode");

    admin().delete().uri("/v1/environments/" + source).exchange().expectStatus().isAccepted();
    awaitStatus(source, "archived");
    assertThat(post("/v1/environments/" + source + "/copy", copy, 409).get("code").asString())
        .isEqualTo("invalid_state");
  }

  @Test
  void patch_refuses_unknown_environments_invalid_fields_and_archived_ones() {
    admin()
        .patch()
        .uri("/v1/environments/" + UUID.randomUUID())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "X"))
        .exchange()
        .expectStatus()
        .isNotFound();
    String id = createEnvironment(organizationId, slug("patchy")).get("id").asString();
    awaitStatus(id, "active");
    admin()
        .patch()
        .uri("/v1/environments/" + id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "n".repeat(201)))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("name");

    admin().delete().uri("/v1/environments/" + id).exchange().expectStatus().isAccepted();
    awaitStatus(id, "archived");
    admin()
        .patch()
        .uri("/v1/environments/" + id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "Too late"))
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("invalid_state");
  }

  @Test
  void metadata_the_store_cannot_hold_is_a_validation_error_and_nothing_is_created() {
    String slug = slug("nul");

    JsonNode problem =
        post(
            "/v1/organizations/" + organizationId + "/environments",
            Map.of(
                "slug",
                slug,
                "name",
                "Nul",
                "env_type",
                "sandbox",
                "metadata",
                Map.of("k", "a\u0000b")),
            400);

    assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
    JsonNode list = get("/v1/organizations/" + organizationId + "/environments");
    list.get("items").forEach(item -> assertThat(item.get("slug").asString()).isNotEqualTo(slug));
  }

  private static void insertPackage(String databaseName, String packageId) throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(databaseName));
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO sys_package_installation (id, package_id, version, status) VALUES (?, ?, '1.0', 'installed')")) {
      insert.setString(1, UUID.randomUUID().toString());
      insert.setString(2, packageId);
      insert.executeUpdate();
    }
  }

  private static List<String> packages(String databaseName) throws Exception {
    List<String> result = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(databaseName));
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT package_id FROM sys_package_installation")) {
      while (rows.next()) {
        result.add(rows.getString(1));
      }
    }
    return result;
  }
}
