package io.envprov.controlplane.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rollouts over SQLite environments whose databases are not what the catalog expects: one with
 * drift (its history altered by hand) is skipped and left as it was while the others are upgraded;
 * and environments still at the first baseline are carried to the newest {@code system} version by
 * a rollout of {@code system}, after which a new environment is born at that version.
 */
class RolloutDriftAndSystemTest extends RolloutTestSupport {

  @Test
  void an_environment_with_drift_is_skipped_and_untouched_while_the_others_are_upgraded()
      throws Exception {
    String organization = createOrganization(slug("drift")).get("id").asString();
    List<String> fleet = fleet(organization, 3);
    String pkg = "drift_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Map<String, Object> first = migration("1", "CREATE TABLE d_items (id INTEGER PRIMARY KEY)");
    Map<String, Object> second = migration("2", "CREATE INDEX d_items_id ON d_items (id)");
    publish(pkg, "1.0.0", List.of(first, second));
    awaitRollout(start(rollout(pkg, "1.0.0", organization)), "succeeded");
    // Someone changed one database by hand: its history no longer matches the catalog.
    String drifted = fleet.get(2);
    sql(drifted, "UPDATE sys_migrations_" + pkg + " SET checksum = 12345 WHERE version = '2'");
    List<String> historyBefore = history(drifted, pkg);
    publish(
        pkg,
        "1.1.0",
        List.of(first, second, migration("3", "ALTER TABLE d_items ADD COLUMN label TEXT")));

    String id = start(rollout(pkg, "1.1.0", organization));
    JsonNode done = awaitRollout(id, "succeeded");

    assertThat(done.get("counts").get("skipped_drift").asInt()).isEqualTo(1);
    assertThat(done.get("counts").get("succeeded").asInt()).isEqualTo(3);
    assertThat(
            ids(get("/v1/rollouts/" + id + "/environments?status=skipped_drift"), "environment_id"))
        .containsExactly(drifted);
    for (String env : fleet) {
      if (env.equals(drifted)) {
        assertThat(columns(env, "d_items")).as("untouched").containsExactly("id");
        assertThat(history(env, pkg)).as("untouched").isEqualTo(historyBefore);
        assertThat(installedVersion(env, pkg)).isEqualTo("1.0.0");
      } else {
        assertThat(columns(env, "d_items")).as(env).containsExactly("id", "label");
        assertThat(history(env, pkg)).as(env).containsExactly("1", "2", "3");
        assertThat(installedVersion(env, pkg)).as(env).isEqualTo("1.1.0");
      }
    }
  }

  @Test
  void a_rollout_of_system_carries_the_baselines_next_version_to_environments_still_at_the_first()
      throws Exception {
    String organization = createOrganization(slug("system")).get("id").asString();
    List<String> fleet = fleet(organization, 2);
    String latest = latestSystem();
    assertThat(latest).as("the baseline has a version 2").isNotEqualTo("1");
    List<String> bornWith = columns(fleet.get(0), "sys_package_installation");
    assertThat(bornWith).contains("checksum");
    // Rebuild each environment's file as the first baseline made it, before version 2 existed.
    for (String env : fleet) {
      Path file = sqliteFile(databaseName(env));
      Files.delete(file);
      Flyway.configure()
          .dataSource("jdbc:sqlite:" + file, null, null)
          .locations("classpath:db/data-plane")
          .target("1")
          .load()
          .migrate();
      assertThat(columns(env, "sys_package_installation")).doesNotContain("checksum");
      assertThat(installedVersion(env, "system")).isEqualTo("1");
    }

    String id = start(rollout("system", latest, organization));
    JsonNode done = awaitRollout(id, "succeeded");

    assertThat(done.get("counts").get("succeeded").asInt()).isEqualTo(fleet.size());
    for (String env : fleet) {
      assertThat(columns(env, "sys_package_installation"))
          .as(env)
          .containsExactlyInAnyOrderElementsOf(bornWith);
      assertThat(systemHistory(env)).as(env).startsWith("1", "2").endsWith(latest);
      assertThat(installedVersion(env, "system")).as(env).isEqualTo(latest);
    }
    // An environment created afterwards is born at the newest system version.
    String born = createEnvironment(organization, slug("born")).get("id").asString();
    awaitStatus(born, "active");
    assertThat(installedVersion(born, "system")).isEqualTo(latest);
    assertThat(columns(born, "sys_package_installation")).contains("checksum");
  }

  // ---- helpers

  private List<String> fleet(String organization, int sandboxes) {
    for (int i = 0; i < sandboxes; i++) {
      createEnvironment(organization, slug("fleet"));
    }
    List<String> fleet =
        ids(get("/v1/organizations/" + organization + "/environments?limit=500"), "id");
    fleet.forEach(id -> awaitStatus(id, "active"));
    assertThat(fleet).hasSize(sandboxes + 1);
    return fleet;
  }

  private static Map<String, Object> rollout(String pkg, String version, String organization) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", pkg);
    body.put("version", version);
    body.put("selector", Map.of("organization_id", organization));
    body.put(
        "strategy",
        Map.of("canary", 1, "batch_size", 2, "max_concurrency_per_server", 2, "max_failures", 0));
    return body;
  }

  /** Starts a rollout as the platform admin and returns its id. */
  private String start(Map<String, Object> body) {
    return createRollout(admin(), body, 202).get("id").asString();
  }

  private static Map<String, Object> migration(String version, String sql) {
    Map<String, Object> migration = new LinkedHashMap<>();
    migration.put("version", version);
    migration.put("description", "migration " + version);
    migration.put("sql", sql);
    return migration;
  }

  private String latestSystem() {
    for (JsonNode item : get("/v1/packages?limit=500").get("items")) {
      if (item.get("name").asString().equals("system")) {
        return item.get("latest_version").asString();
      }
    }
    throw new AssertionError("system is not in the catalog");
  }

  /** The version the environment's database says is installed (live, through the API). */
  private String installedVersion(String environmentId, String pkg) {
    for (JsonNode item : get("/v1/environments/" + environmentId + "/packages").get("items")) {
      if (item.get("name").asString().equals(pkg)) {
        return item.get("version").asString();
      }
    }
    throw new AssertionError(pkg + " is not installed in " + environmentId);
  }

  private String databaseName(String environmentId) {
    return get("/v1/environments/" + environmentId).get("database").get("database_name").asString();
  }

  private Connection sqlite(String environmentId) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(databaseName(environmentId)));
  }

  private void sql(String environmentId, String statement) throws SQLException {
    try (Connection database = sqlite(environmentId);
        Statement sql = database.createStatement()) {
      sql.executeUpdate(statement);
    }
  }

  private List<String> column(String environmentId, String query) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection database = sqlite(environmentId);
        Statement sql = database.createStatement();
        ResultSet rows = sql.executeQuery(query)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private List<String> columns(String environmentId, String table) throws SQLException {
    return column(
        environmentId, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY name");
  }

  /** The package's successful history rows in order: the version, marked when altered by hand. */
  private List<String> history(String environmentId, String pkg) throws SQLException {
    return column(
        environmentId,
        "SELECT version || (CASE WHEN checksum = 12345 THEN ' altered' ELSE '' END) FROM"
            + " sys_migrations_"
            + pkg
            + " WHERE success = 1 ORDER BY installed_rank");
  }

  private List<String> systemHistory(String environmentId) throws SQLException {
    return column(
        environmentId,
        "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"
            + " ORDER BY installed_rank");
  }
}
