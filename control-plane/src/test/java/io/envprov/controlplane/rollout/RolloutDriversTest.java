package io.envprov.controlplane.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.RunningService;
import io.envprov.libsql.testserver.LibsqlTestServer;
import io.envprov.testsupport.EmbeddedPostgresServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Rollouts with the real installer over PostgreSQL environments (databases of one embedded server)
 * and libSQL environments (namespaces of the sqld-compatible test server): the rollout picks the
 * environments of one driver, every one of them gets the package, and applications use the new
 * table through the environment's readwrite credential.
 */
class RolloutDriversTest {

  private static final String PG_SECRET = "adm1n-s3cret-for-rollout-tests";
  private static final String SQLD_KEY = "sqld-admin-key-for-rollout-tests";
  @TempDir static Path dataDir;
  @TempDir static Path sqldDir;
  private static EmbeddedPostgresServer postgres;
  private static LibsqlTestServer sqld;
  private static RunningService service;
  private static String organizationId;

  @BeforeAll
  static void start() {
    postgres = EmbeddedPostgresServer.start(PG_SECRET);
    sqld = LibsqlTestServer.builder(sqldDir).adminAuthKey(SQLD_KEY).start();
    service = RunningService.start(TestPostgres.newDatabase(), dataDir, Map.of());
    service.post(
        "/v1/database-servers",
        Map.of(
            "driver", "postgres",
            "region", "pg-rollouts",
            "name", "pg-rollouts",
            "admin_url", postgres.adminUrl(),
            "admin_username", "postgres",
            "admin_secret", PG_SECRET,
            "capacity", 50),
        201);
    service.post(
        "/v1/database-servers",
        Map.of(
            "driver",
            "libsql",
            "region",
            "edge-rollouts",
            "name",
            "sqld-rollouts",
            "admin_url",
            sqld.adminUrl().toString(),
            "admin_secret",
            SQLD_KEY,
            "options",
            Map.of("sqlUrl", sqld.sqlUrl().toString()),
            "capacity",
            50),
        201);
    organizationId =
        service
            .post("/v1/organizations", Map.of("slug", "rollout-drivers", "name", "D"), 201)
            .get("id")
            .asString();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (sqld != null) {
      sqld.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void a_rollout_over_three_postgres_environments_gives_each_a_table_its_applications_use()
      throws Exception {
    rolloutOverThree("postgres", "pg-rollouts", "CREATE TABLE invoices (id bigserial PRIMARY KEY)");
  }

  @Test
  void a_rollout_over_three_libsql_environments_gives_each_a_table_its_applications_use()
      throws Exception {
    rolloutOverThree("libsql", "edge-rollouts", "CREATE TABLE invoices (id integer PRIMARY KEY)");
  }

  /**
   * Creates three environments of the driver (besides the organization's default one, on SQLite,
   * which the rollout's selector leaves out), rolls out a package whose first migration is {@code
   * createTable} (the dialect's text) and checks the outcome in each database.
   */
  private void rolloutOverThree(String driver, String region, String createTable) throws Exception {
    List<String> fleet = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      fleet.add(environment(driver, region));
    }
    String pkg = "billing_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String dialect = driver.equals("postgres") ? "postgres" : "sqlite";
    publish(
        pkg,
        List.of(
            migration("1", Map.of("sql_by_dialect", Map.of(dialect, createTable))),
            migration(
                "2",
                Map.of("sql", "ALTER TABLE invoices ADD COLUMN amount integer NOT NULL DEFAULT 0")),
            migration("3", Map.of("sql", "CREATE INDEX invoices_amount ON invoices (amount)"))));

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", pkg);
    body.put("version", "1.0.0");
    body.put("selector", Map.of("organization_id", organizationId, "drivers", List.of(driver)));
    body.put(
        "strategy",
        Map.of("canary", 1, "batch_size", 2, "max_concurrency_per_server", 2, "max_failures", 0));
    JsonNode created = service.post("/v1/rollouts", body, 202);
    assertThat(created.get("waves").asInt()).isEqualTo(2);
    JsonNode done = awaitRollout(created.get("id").asString(), "succeeded");

    assertThat(done.get("counts").get("succeeded").asInt()).isEqualTo(3);
    assertThat(done.get("first_errors").size()).isZero();
    List<String> targets = new ArrayList<>();
    service
        .get("/v1/rollouts/" + created.get("id").asString() + "/environments?limit=500")
        .get("items")
        .forEach(
            item -> {
              assertThat(item.get("status").asString()).isEqualTo("succeeded");
              targets.add(item.get("environment_id").asString());
            });
    assertThat(targets).containsExactlyInAnyOrderElementsOf(fleet);
    for (String environmentId : fleet) {
      JsonNode installed = installed(environmentId, pkg);
      assertThat(installed.get("version").asString()).as(environmentId).isEqualTo("1.0.0");
      assertThat(installed.get("status").asString()).as(environmentId).isEqualTo("installed");
      assertThat(installed.get("drift").asBoolean()).as(environmentId).isFalse();
      try (Connection application = connect(environmentId, "readwrite");
          Statement statement = application.createStatement()) {
        statement.executeUpdate("INSERT INTO invoices (id, amount) VALUES (1, 42)");
        try (ResultSet rows = statement.executeQuery("SELECT amount FROM invoices")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).isEqualTo(42);
        }
      }
    }
  }

  // ---- helpers

  private static String environment(String driver, String region) {
    String id =
        service
            .post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug", driver + "-" + UUID.randomUUID().toString().substring(0, 6),
                    "name", driver,
                    "env_type", "development",
                    "driver", driver,
                    "region", region),
                202)
            .get("id")
            .asString();
    service.awaitStatus(id, "active");
    return id;
  }

  private static Map<String, Object> migration(String version, Map<String, Object> sql) {
    Map<String, Object> migration = new LinkedHashMap<>();
    migration.put("version", version);
    migration.put("description", "migration " + version);
    migration.putAll(sql);
    return migration;
  }

  private static void publish(String name, List<Map<String, Object>> migrations) {
    service.post(
        "/v1/packages", Map.of("name", name, "version", "1.0.0", "migrations", migrations), 201);
  }

  private static JsonNode awaitRollout(String id, String status) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              last[0] = service.get("/v1/rollouts/" + id);
              assertThat(last[0].get("status").asString()).isEqualTo(status);
            });
    return last[0];
  }

  /** What the environment's database says of the package (live, through the API). */
  private static JsonNode installed(String environmentId, String pkg) {
    for (JsonNode item :
        service.get("/v1/environments/" + environmentId + "/packages").get("items")) {
      if (item.get("name").asString().equals(pkg)) {
        return item;
      }
    }
    throw new AssertionError(pkg + " is not installed in " + environmentId);
  }

  /** Issues a credential of the scope and connects with it, as an application would. */
  private static Connection connect(String environmentId, String scope) throws SQLException {
    JsonNode credential =
        service.post(
            "/v1/environments/" + environmentId + "/credentials", Map.of("scope", scope), 201);
    JsonNode connection = credential.get("connection");
    Properties properties = new Properties();
    connection
        .get("properties")
        .properties()
        .forEach(e -> properties.put(e.getKey(), e.getValue().asString()));
    properties.put("password", credential.get("secret").asString());
    return DriverManager.getConnection(connection.get("jdbc_url").asString(), properties);
  }
}
