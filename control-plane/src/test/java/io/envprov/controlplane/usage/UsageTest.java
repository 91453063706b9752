package io.envprov.controlplane.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Usage of SQLite environment databases: the collector records their size as they grow, data-plane
 * fetches record the last access, and a storage limit turns the environment over quota (no new
 * writing credential) and back.
 */
class UsageTest extends ApiTestSupport {

  private static final int MIB = 1024 * 1024;

  @Autowired UsageCollector collector;
  @Autowired MeterRegistry meters;

  private String organizationId;

  @BeforeEach
  void organization() {
    organizationId = createOrganization(slug("usage")).get("id").asString();
  }

  @Test
  void the_collector_records_a_database_growing_and_counts_its_runs() throws Exception {
    String id = activeEnvironment(Map.of());
    JsonNode fresh = database(id);
    assertThat(fresh.get("size_bytes").isNull() || fresh.get("size_bytes").asLong() >= 0).isTrue();
    double runs = meters.get("envprov.usage.collections").counter().count();

    collector.collect();
    JsonNode first = database(id);
    long before = first.get("size_bytes").asLong();
    OffsetDateTime measuredBefore = OffsetDateTime.parse(first.get("size_measured_at").asString());
    grow(databaseName(id), 3);
    collector.collect();
    JsonNode grown = database(id);

    assertThat(before).isPositive();
    assertThat(grown.get("size_bytes").asLong()).isGreaterThan(before + 2L * MIB);
    assertThat(OffsetDateTime.parse(grown.get("size_measured_at").asString()))
        .isAfter(measuredBefore);
    assertThat(meters.get("envprov.usage.collections").counter().count())
        .isGreaterThanOrEqualTo(runs + 2);
    assertThat(meters.get("envprov.usage.bytes").tag("driver", "sqlite").gauge().value())
        .isGreaterThanOrEqualTo(grown.get("size_bytes").asLong());
  }

  @Test
  void one_environment_that_cannot_be_measured_does_not_stop_the_others() throws Exception {
    String broken = activeEnvironment(Map.of());
    String healthy = activeEnvironment(Map.of());
    Path file = sqliteFile(databaseName(broken));
    Path aside = file.resolveSibling(file.getFileName() + ".aside");
    double failures = meters.get("envprov.usage.failures").counter().count();
    Files.move(file, aside);
    UsageCollector.Result result;
    try {
      result = collector.collect();
    } finally {
      Files.move(aside, file);
    }

    assertThat(result.failed()).isPositive();
    assertThat(meters.get("envprov.usage.failures").counter().count()).isGreaterThan(failures);
    assertThat(database(broken).get("size_bytes").isNull()).isTrue();
    assertThat(database(healthy).get("size_bytes").asLong()).isPositive();
  }

  @Test
  void a_data_plane_fetching_the_connection_sets_last_accessed_at() {
    String id = activeEnvironment(Map.of());
    assertThat(database(id).get("last_accessed_at").isNull()).isTrue();
    WebTestClient dataPlane = dataPlane();

    OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
    fetchConnection(dataPlane, id, "readonly");
    JsonNode accessed = database(id);
    fetchConnection(dataPlane, id, "readonly");

    OffsetDateTime first = OffsetDateTime.parse(accessed.get("last_accessed_at").asString());
    assertThat(first).isAfter(before);
    // Throttled: a second fetch within the minute writes nothing.
    assertThat(OffsetDateTime.parse(database(id).get("last_accessed_at").asString()))
        .isEqualTo(first);
  }

  @Test
  void over_its_storage_limit_an_environment_gets_no_new_writing_credential_until_back_under()
      throws Exception {
    String id = activeEnvironment(Map.of("storage_limit_mb", 1));
    String databaseName = databaseName(id);
    assertThat(database(id).get("storage_limit_mb").asInt()).isEqualTo(1);
    assertThat(get("/v1/environments/" + id).get("over_quota").asBoolean()).isFalse();

    grow(databaseName, 3);
    collector.collect();
    collector.collect();

    JsonNode over = get("/v1/environments/" + id);
    assertThat(over.get("over_quota").asBoolean()).isTrue();
    assertThat(auditActions(id)).containsOnlyOnce("environment.over_quota");
    JsonNode refused = post(credentials(id), Map.of("scope", "readwrite"), 409);
    assertThat(refused.get("code").asString()).isEqualTo("storage_limit_exceeded");
    assertThat(refused.get("detail").asString())
        .contains(over.get("database").get("size_bytes").asString())
        .contains("1 MiB");
    assertThat(post(credentials(id), Map.of("scope", "admin"), 409).get("code").asString())
        .isEqualTo("storage_limit_exceeded");
    post(credentials(id), Map.of("scope", "readonly"), 201);
    assertThat(meters.get("envprov.usage.over_quota").gauge().value()).isGreaterThanOrEqualTo(1);

    shrink(databaseName);
    collector.collect();

    assertThat(get("/v1/environments/" + id).get("over_quota").asBoolean()).isFalse();
    assertThat(auditActions(id))
        .containsSubsequence("environment.over_quota", "environment.under_quota");
    post(credentials(id), Map.of("scope", "readwrite"), 201);
  }

  @Test
  void a_new_limit_applies_at_once_to_the_last_measured_size() throws Exception {
    String id = activeEnvironment(Map.of());
    grow(databaseName(id), 2);
    collector.collect();

    JsonNode limited = patch(id, Map.of("storage_limit_mb", 1), 200);
    assertThat(limited.get("over_quota").asBoolean()).isTrue();
    assertThat(limited.get("database").get("storage_limit_mb").asInt()).isEqualTo(1);
    JsonNode raised = patch(id, Map.of("storage_limit_mb", 100), 200);

    assertThat(raised.get("over_quota").asBoolean()).isFalse();
    assertThat(auditActions(id))
        .containsSubsequence("environment.over_quota", "environment.under_quota");
  }

  @Test
  void a_storage_limit_must_be_positive_and_nothing_is_created_or_changed_otherwise() {
    String slug = slug("bad-limit");
    JsonNode refused =
        post(
            "/v1/organizations/" + organizationId + "/environments",
            Map.of("slug", slug, "name", "x", "env_type", "sandbox", "storage_limit_mb", 0),
            400);
    assertThat(refused.get("code").asString()).isEqualTo("validation_failed");
    assertThat(refused.get("errors").get(0).get("field").asString()).isEqualTo("storage_limit_mb");
    get("/v1/organizations/" + organizationId + "/environments")
        .get("items")
        .forEach(item -> assertThat(item.get("slug").asString()).isNotEqualTo(slug));

    String id = activeEnvironment(Map.of("storage_limit_mb", 50));
    assertThat(patch(id, Map.of("storage_limit_mb", -1), 400).get("code").asString())
        .isEqualTo("validation_failed");
    assertThat(database(id).get("storage_limit_mb").asInt()).isEqualTo(50);
  }

  @Test
  void usage_can_be_refreshed_for_one_environment_on_demand() throws Exception {
    String id = activeEnvironment(Map.of());
    grow(databaseName(id), 1);

    JsonNode refreshed =
        JSON.readTree(
            admin()
                .post()
                .uri("/v1/environments/" + id + "/usage/refresh")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(refreshed.get("environment_id").asString()).isEqualTo(id);
    assertThat(refreshed.get("size_bytes").asLong()).isGreaterThan(MIB);
    assertThat(refreshed.get("size_measured_at").asString()).isNotBlank();
    admin()
        .post()
        .uri("/v1/environments/" + UUID.randomUUID() + "/usage/refresh")
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  // --- helpers ---

  private String activeEnvironment(Map<String, Object> extra) {
    Map<String, Object> body =
        new java.util.HashMap<>(Map.of("slug", slug("env"), "name", "Env", "env_type", "sandbox"));
    body.putAll(extra);
    String id =
        post("/v1/organizations/" + organizationId + "/environments", body, 202)
            .get("id")
            .asString();
    awaitStatus(id, "active");
    return id;
  }

  private JsonNode database(String id) {
    return get("/v1/environments/" + id + "/database");
  }

  private String databaseName(String id) {
    return database(id).get("database_name").asString();
  }

  private JsonNode patch(String id, Object body, int status) {
    return JSON.readTree(
        admin()
            .patch()
            .uri("/v1/environments/" + id)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private static void fetchConnection(WebTestClient dataPlane, String id, String scope) {
    dataPlane
        .get()
        .uri("/v1/environments/" + id + "/connection?scope=" + scope)
        .exchange()
        .expectStatus()
        .isOk();
  }

  private static String credentials(String id) {
    return "/v1/environments/" + id + "/credentials";
  }

  /** Adds {@code mib} MiB of incompressible rows to the SQLite database. */
  private static void grow(String databaseName, int mib) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(databaseName));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS usage_ballast (payload BLOB)");
      for (int i = 0; i < mib; i++) {
        statement.execute("INSERT INTO usage_ballast (payload) VALUES (randomblob(1048576))");
      }
    }
  }

  /** Deletes the rows {@link #grow} added and gives the space back to the file system. */
  private static void shrink(String databaseName) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(databaseName));
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM usage_ballast");
      statement.execute("VACUUM");
    }
  }

  private static List<String> auditActions(String id) throws SQLException {
    List<String> actions = new ArrayList<>();
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT action FROM audit_event WHERE resource_id = ? ORDER BY occurred_at")) {
      query.setObject(1, UUID.fromString(id));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          actions.add(rows.getString(1));
        }
      }
    }
    return actions;
  }
}
