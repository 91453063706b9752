package io.envprov.controlplane.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The recovery window of deletes, with the service's default window (7 days): a deleted environment
 * keeps its database but nothing reaches it, its slug is free, it can be recovered with its rows,
 * and the purge drops it once the window is over.
 */
class RecoveryWindowTest extends ApiTestSupport {

  @Autowired EnvironmentRecovery recovery;

  private String organizationId;

  @BeforeEach
  void organization() {
    organizationId = createOrganization(slug("recovery")).get("id").asString();
  }

  @Test
  void a_deleted_environment_keeps_its_database_but_is_unroutable_revoked_and_frees_its_slug()
      throws Exception {
    String slug = slug("kept");
    String id = activeEnvironment(slug);
    String databaseName = databaseName(id);
    insertRows(databaseName, 3);
    post(credentials(id), Map.of("scope", "readonly"), 201);
    WebTestClient dataPlane = dataPlane();
    connection(dataPlane, id, "readwrite", 200);

    OffsetDateTime before = OffsetDateTime.now();
    JsonNode deleted = delete(id, 202);

    assertThat(deleted.get("status").asString()).isEqualTo("deleted");
    assertThat(deleted.has("operation")).as("nothing runs until the purge").isFalse();
    OffsetDateTime purgeAfter = OffsetDateTime.parse(deleted.get("purge_after").asString());
    assertThat(purgeAfter)
        .isBetween(before.plus(Duration.ofDays(7)), OffsetDateTime.now().plus(Duration.ofDays(7)));
    assertThat(deleted.get("deleted_at").asString()).isNotBlank();
    assertThat(sqliteFile(databaseName)).exists();
    assertThat(rows(databaseName)).isEqualTo(3);

    // Not routable, no new credential, every credential revoked.
    assertThat(connection(dataPlane, id, "readwrite", 409).get("code").asString())
        .isEqualTo("invalid_state");
    assertThat(problem(credentials(id), Map.of("scope", "readwrite"), 409))
        .isEqualTo("invalid_state");
    JsonNode credentials = get(credentials(id)).get("items");
    assertThat(credentials).hasSizeGreaterThanOrEqualTo(3);
    credentials.forEach(c -> assertThat(c.get("status").asString()).isEqualTo("revoked"));

    // Listed only when asked for; its slug is free for a new environment.
    assertThat(slugs(false)).doesNotContain(slug);
    assertThat(slugs(true)).contains(slug);
    String successor = createEnvironment(organizationId, slug).get("id").asString();
    awaitStatus(successor, "active");
    assertThat(
            OffsetDateTime.parse(
                    auditDetails(id, "environment.deleted").get("purge_after").asString())
                .toInstant())
        .isEqualTo(purgeAfter.toInstant());
  }

  @Test
  void recovering_within_the_window_brings_it_back_active_with_its_rows_and_new_credentials()
      throws Exception {
    String id = activeEnvironment(slug("back"));
    String databaseName = databaseName(id);
    insertRows(databaseName, 5);
    post("/v1/environments/" + id + "/suspend", Map.of(), 200);
    List<String> before = credentialIds(id);
    delete(id, 202);

    String key = "recover-" + UUID.randomUUID();
    JsonNode recovered = recover(id, key, 200);
    JsonNode replayed = recover(id, key, 200);

    assertThat(recovered.get("status").asString()).isEqualTo("active");
    assertThat(recovered.has("deleted_at")).isFalse();
    assertThat(recovered.has("purge_after")).isFalse();
    assertThat(replayed.get("id")).isEqualTo(recovered.get("id"));
    assertThat(rows(databaseName)).isEqualTo(5);

    // Fresh initial credentials, as provisioning issues them; the old ones stay revoked.
    List<JsonNode> fresh = new ArrayList<>();
    get(credentials(id))
        .get("items")
        .forEach(
            c -> {
              if (!before.contains(c.get("id").asString())) {
                fresh.add(c);
              } else {
                assertThat(c.get("status").asString()).isEqualTo("revoked");
              }
            });
    assertThat(fresh)
        .extracting(c -> c.get("scope").asString())
        .containsExactlyInAnyOrder("admin", "readwrite");
    fresh.forEach(c -> assertThat(c.get("status").asString()).isEqualTo("active"));

    // The broker serves the new readwrite credential, and it writes.
    JsonNode connection = connection(dataPlane(), id, "readwrite", 200);
    assertThat(fresh)
        .extracting(c -> c.get("id").asString())
        .contains(connection.get("credential_id").asString());
    try (Connection db = connect(connection);
        Statement statement = db.createStatement()) {
      statement.execute("INSERT INTO recovery_probe (payload) VALUES ('after')");
      try (ResultSet count = statement.executeQuery("SELECT count(*) FROM recovery_probe")) {
        assertThat(count.getInt(1)).isEqualTo(6);
      }
    }
    post(credentials(id), Map.of("scope", "readwrite"), 201);
    assertThat(auditActions(id)).contains("environment.deleted", "environment.recovered");
  }

  @Test
  void recovering_when_another_environment_took_the_slug_is_slug_taken_and_changes_nothing() {
    String slug = slug("taken");
    String id = activeEnvironment(slug);
    JsonNode deleted = delete(id, 202);
    String successor = createEnvironment(organizationId, slug).get("id").asString();

    JsonNode problem = recover(id, null, 409);

    assertThat(problem.get("code").asString()).isEqualTo("slug_taken");
    JsonNode still = get("/v1/environments/" + id);
    assertThat(still.get("status").asString()).isEqualTo("deleted");
    assertThat(still.get("purge_after")).isEqualTo(deleted.get("purge_after"));
    assertThat(get("/v1/environments/" + successor).get("slug").asString()).isEqualTo(slug);
  }

  @Test
  void only_a_deleted_environment_can_be_recovered_and_a_deleted_one_is_not_deleted_again() {
    String id = activeEnvironment(slug("live"));

    assertThat(recover(id, null, 409).get("code").asString()).isEqualTo("invalid_state");
    delete(id, 202);
    assertThat(delete(id, 409).get("code").asString()).isEqualTo("invalid_state");
    assertThat(recover(UUID.randomUUID().toString(), null, 404).get("code").asString())
        .isEqualTo("not_found");
  }

  @Test
  void protected_and_default_environments_are_refused_as_before() {
    JsonNode organization = createOrganization(slug("guarded"));
    String defaultId = organization.get("default_environment").get("id").asString();
    awaitStatus(defaultId, "active");
    String guarded =
        post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug", slug("prod"), "name", "P", "env_type", "sandbox", "is_protected", true),
                202)
            .get("id")
            .asString();
    awaitStatus(guarded, "active");

    assertThat(delete(defaultId, 409).get("code").asString()).isEqualTo("environment_protected");
    assertThat(delete(guarded, 409).get("code").asString()).isEqualTo("environment_protected");
    assertThat(get("/v1/environments/" + guarded).get("status").asString()).isEqualTo("active");
  }

  @Test
  void a_failed_environment_is_deprovisioned_at_once_even_with_a_window() throws Exception {
    String id = activeEnvironment(slug("failed"));
    String databaseName = databaseName(id);
    execute("UPDATE environment SET status = 'failed', error = 'test' WHERE id = ?", id);

    JsonNode deleted = delete(id, 202);

    assertThat(deleted.get("status").asString()).isEqualTo("deprovisioning");
    assertThat(deleted.has("operation")).isTrue();
    assertThat(deleted.has("purge_after")).isFalse();
    awaitStatus(id, "archived");
    assertThat(sqliteFile(databaseName)).doesNotExist();
  }

  @Test
  void the_purge_drops_a_deleted_environment_past_its_window_once() throws Exception {
    String id = activeEnvironment(slug("purged"));
    String databaseName = databaseName(id);
    String waiting = activeEnvironment(slug("waiting"));
    delete(id, 202);
    delete(waiting, 202);
    execute("UPDATE environment SET purge_after = now() - interval '1 second' WHERE id = ?", id);

    // Two purges at once (two replicas): one deprovision operation, not two.
    int purges = 2;
    CyclicBarrier start = new CyclicBarrier(purges);
    ExecutorService pool = Executors.newFixedThreadPool(purges);
    try {
      List<Future<EnvironmentRecovery.Swept>> runs = new ArrayList<>();
      for (int i = 0; i < purges; i++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return recovery.sweep();
                }));
      }
      for (Future<EnvironmentRecovery.Swept> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    awaitStatus(id, "archived");
    assertThat(sqliteFile(databaseName)).doesNotExist();
    assertThat(deprovisionOperations(id)).isEqualTo(1);
    assertThat(auditActions(id))
        .containsSubsequence("environment.deleted", "environment.purged", "environment.archived");
    assertThat(recover(id, null, 409).get("code").asString()).isEqualTo("invalid_state");
    // Not yet due: untouched.
    assertThat(get("/v1/environments/" + waiting).get("status").asString()).isEqualTo("deleted");
    assertThat(sqliteFile(databaseName(waiting))).exists();
  }

  @Test
  void a_credential_left_live_on_a_deleted_environment_is_revoked_by_the_next_sweep() {
    String id = activeEnvironment(slug("leftover"));
    delete(id, 202);
    // As if a revocation had failed at the delete (or an issue had raced it).
    execute(
        "UPDATE database_credential SET status = 'active', revoked_at = NULL WHERE database_id ="
            + " (SELECT id FROM environment_database WHERE environment_id = ?)",
        id);

    recovery.sweep();

    get(credentials(id))
        .get("items")
        .forEach(c -> assertThat(c.get("status").asString()).isEqualTo("revoked"));
  }

  // --- helpers ---

  private String activeEnvironment(String slug) {
    String id = createEnvironment(organizationId, slug).get("id").asString();
    awaitStatus(id, "active");
    return id;
  }

  private String databaseName(String id) {
    return get("/v1/environments/" + id).get("database").get("database_name").asString();
  }

  private JsonNode delete(String id, int status) {
    return JSON.readTree(
        admin()
            .delete()
            .uri("/v1/environments/" + id)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private JsonNode recover(String id, String key, int status) {
    WebTestClient.RequestBodySpec request =
        admin().post().uri("/v1/environments/" + id + "/recover");
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return JSON.readTree(
        request
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private String problem(String path, Object body, int status) {
    return post(path, body, status).get("code").asString();
  }

  private List<String> slugs(boolean includeDeleted) {
    List<String> slugs = new ArrayList<>();
    get("/v1/organizations/"
            + organizationId
            + "/environments?limit=500"
            + (includeDeleted ? "&include_deleted=true" : ""))
        .get("items")
        .forEach(item -> slugs.add(item.get("slug").asString()));
    return slugs;
  }

  private List<String> credentialIds(String id) {
    List<String> ids = new ArrayList<>();
    get(credentials(id)).get("items").forEach(c -> ids.add(c.get("id").asString()));
    return ids;
  }

  private static JsonNode connection(WebTestClient dataPlane, String id, String scope, int status) {
    return JSON.readTree(
        dataPlane
            .get()
            .uri("/v1/environments/" + id + "/connection?scope=" + scope)
            .accept(MediaType.APPLICATION_JSON)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private static Connection connect(JsonNode connection) throws SQLException {
    Properties properties = new Properties();
    connection
        .get("properties")
        .properties()
        .forEach(e -> properties.put(e.getKey(), e.getValue().asString()));
    return DriverManager.getConnection(connection.get("jdbc_url").asString(), properties);
  }

  private static String credentials(String id) {
    return "/v1/environments/" + id + "/credentials";
  }

  private static void insertRows(String databaseName, int count) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(databaseName));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS recovery_probe (payload TEXT)");
      for (int i = 0; i < count; i++) {
        statement.execute("INSERT INTO recovery_probe (payload) VALUES ('row " + i + "')");
      }
    }
  }

  private static int rows(String databaseName) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(databaseName));
        ResultSet count =
            connection.createStatement().executeQuery("SELECT count(*) FROM recovery_probe")) {
      return count.getInt(1);
    }
  }

  private static void execute(String sql, String id) {
    try (Connection connection = STORE.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, UUID.fromString(id));
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int deprovisionOperations(String id) throws SQLException {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM operation WHERE resource_id = ? AND kind = 'deprovision'")) {
      query.setObject(1, UUID.fromString(id));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private static List<String> auditActions(String id) {
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
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return actions;
  }

  private static JsonNode auditDetails(String id, String action) throws SQLException {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT details::text FROM audit_event WHERE resource_id = ? AND action = ?")) {
      query.setObject(1, UUID.fromString(id));
      query.setString(2, action);
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).as(action).isTrue();
        return JSON.readTree(rows.getString(1));
      }
    }
  }
}
