package io.envprov.controlplane.rollout;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rollouts end to end with the real installer, on real SQLite environments created through the API:
 * the package's migrations land in each environment's database (its own history table says so), a
 * broken canary or budget pauses the rollout with the rest untouched on disk, abort and resume, an
 * environment that is not active, and a crash mid-rollout. Needs the packages feature's {@code
 * PackageInstaller}; until it is merged into this branch these tests fail (their rollouts cannot
 * install anything).
 */
class RolloutInstallTest extends RolloutTestSupport {

  /** An environment of the fleet under test and its SQLite file's database name. */
  private record Env(String id, String databaseName) {}

  /** The organization's default environment and {@code sandboxes} more, in rollout order. */
  private List<Env> fleet(String organization, int sandboxes) {
    for (int i = 0; i < sandboxes; i++) {
      createEnvironment(organization, slug("fleet"));
    }
    List<Env> fleet = new ArrayList<>();
    for (String id :
        ids(get("/v1/organizations/" + organization + "/environments?limit=500"), "id")) {
      awaitStatus(id, "active");
      fleet.add(
          new Env(id, get("/v1/environments/" + id + "/database").get("database_name").asString()));
    }
    assertThat(fleet).hasSize(sandboxes + 1);
    return fleet;
  }

  private static Map<String, Object> body(
      String pkg, String organization, int canary, int batch, int perServer, int maxFailures) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", pkg);
    body.put("version", "1.0.0");
    body.put("selector", Map.of("organization_id", organization));
    body.put(
        "strategy",
        Map.of(
            "canary", canary,
            "batch_size", batch,
            "max_concurrency_per_server", perServer,
            "max_failures", maxFailures));
    return body;
  }

  @Test
  void a_successful_canary_is_followed_by_every_wave_and_each_database_has_the_package() {
    String organization = createOrganization(slug("wave")).get("id").asString();
    List<Env> fleet = fleet(organization, 4);
    String table = table();
    String pkg = publishCreating(table);

    JsonNode created = createRollout(admin(), body(pkg, organization, 1, 2, 2, 0), 202);
    assertThat(created.get("waves").asInt()).isEqualTo(3);
    String id = created.get("id").asString();
    JsonNode done = awaitRollout(id, "succeeded");

    assertThat(done.get("counts").get("succeeded").asInt()).isEqualTo(5);
    assertThat(done.get("first_errors").size()).isZero();
    for (Env env : fleet) {
      assertThat(hasTable(env, table)).as(env.id()).isTrue();
      assertThat(appliedMigrations(env, pkg)).as(env.id()).isEqualTo(2);
    }
    assertThat(audited(id)).containsExactly("rollout.created", "rollout.succeeded");
  }

  @Test
  void a_failing_canary_pauses_the_rollout_with_the_rest_untouched_and_abort_ends_it() {
    String organization = createOrganization(slug("canary")).get("id").asString();
    List<Env> fleet = fleet(organization, 3);
    String table = table();
    String pkg = publishCreating(table);
    // The canary's database already has a table of that name: migration 1 fails there.
    sql(fleet.get(0), "CREATE TABLE " + table + " (x INTEGER)");

    String id =
        createRollout(admin(), body(pkg, organization, 1, 10, 4, 5), 202).get("id").asString();
    JsonNode paused = awaitRollout(id, "paused");
    awaitNoExecution(id);

    assertThat(paused.get("pause_reason").asString())
        .startsWith("the canary failed: environment " + fleet.get(0).id());
    assertThat(paused.get("counts").get("failed").asInt()).isEqualTo(1);
    assertThat(paused.get("counts").get("pending").asInt()).isEqualTo(3);
    assertThat(paused.get("first_errors").get(0).get("environment_id").asString())
        .isEqualTo(fleet.get(0).id());
    assertThat(paused.get("first_errors").get(0).get("error").asString()).isNotBlank();
    for (Env env : fleet.subList(1, 4)) {
      assertThat(hasTable(env, table)).as("untouched " + env.id()).isFalse();
      assertThat(hasTable(env, "sys_migrations_" + pkg)).as("untouched " + env.id()).isFalse();
    }
    assertThat(ids(get("/v1/rollouts/" + id + "/environments?status=pending"), "environment_id"))
        .containsExactly(fleet.get(1).id(), fleet.get(2).id(), fleet.get(3).id());

    assertThat(call(admin(), "post", "/v1/rollouts/" + id + "/pause", 409).get("code").asString())
        .isEqualTo("invalid_state");
    assertThat(call(admin(), "post", "/v1/rollouts/" + id + "/abort", 200).get("status").asString())
        .isEqualTo("aborted");
    assertThat(get("/v1/rollouts/" + id).get("counts").get("pending").asInt()).isEqualTo(3);
    assertThat(audited(id))
        .containsExactly("rollout.created", "rollout.paused_by_failure", "rollout.aborted");
  }

  @Test
  void a_resumed_rollout_accepts_the_canary_failure_and_goes_on() {
    String organization = createOrganization(slug("resume")).get("id").asString();
    List<Env> fleet = fleet(organization, 2);
    String table = table();
    String pkg = publishCreating(table);
    sql(fleet.get(0), "CREATE TABLE " + table + " (x INTEGER)");

    String id =
        createRollout(admin(), body(pkg, organization, 1, 10, 4, 0), 202).get("id").asString();
    awaitRollout(id, "paused");
    JsonNode resumed = call(admin(), "post", "/v1/rollouts/" + id + "/resume", 200);
    assertThat(resumed.get("status").asString()).isEqualTo("running");
    JsonNode done = awaitRollout(id, "succeeded");

    assertThat(done.get("counts").get("failed").asInt()).as("accepted, not re-run").isEqualTo(1);
    assertThat(done.get("counts").get("succeeded").asInt()).isEqualTo(2);
    for (Env env : fleet.subList(1, 3)) {
      assertThat(appliedMigrations(env, pkg)).isEqualTo(2);
    }
    assertThat(audited(id))
        .containsExactly(
            "rollout.created", "rollout.paused_by_failure", "rollout.resumed", "rollout.succeeded");
  }

  @Test
  void more_failures_than_the_budget_pause_the_rollout_and_later_waves_are_untouched() {
    String organization = createOrganization(slug("budget")).get("id").asString();
    List<Env> fleet = fleet(organization, 4);
    String table = table();
    String pkg = publishCreating(table);
    sql(fleet.get(2), "CREATE TABLE " + table + " (x INTEGER)");

    // The canary (position 0), then waves {1, 2} and {3, 4}; one install at a time.
    String id =
        createRollout(admin(), body(pkg, organization, 1, 2, 1, 0), 202).get("id").asString();
    JsonNode paused = awaitRollout(id, "paused");

    assertThat(paused.get("pause_reason").asString())
        .startsWith("1 environments failed, more than max_failures (0)");
    assertThat(paused.get("current_wave").asInt()).isEqualTo(1);
    assertThat(ids(get("/v1/rollouts/" + id + "/environments?status=succeeded"), "environment_id"))
        .containsExactly(fleet.get(0).id(), fleet.get(1).id());
    assertThat(ids(get("/v1/rollouts/" + id + "/environments?status=failed"), "environment_id"))
        .containsExactly(fleet.get(2).id());
    for (Env env : fleet.subList(3, 5)) {
      assertThat(hasTable(env, "sys_migrations_" + pkg)).as("untouched " + env.id()).isFalse();
    }
  }

  @Test
  void an_environment_suspended_when_its_turn_comes_is_skipped_and_left_as_it_was() {
    String organization = createOrganization(slug("skip")).get("id").asString();
    List<Env> fleet = fleet(organization, 2);
    Env suspended = fleet.get(2);
    call(admin(), "post", "/v1/environments/" + suspended.id() + "/suspend", 200);
    String table = table();
    String pkg = publishCreating(table);

    String id =
        createRollout(admin(), body(pkg, organization, 1, 10, 4, 0), 202).get("id").asString();
    JsonNode done = awaitRollout(id, "succeeded");

    assertThat(done.get("counts").get("skipped_not_active").asInt()).isEqualTo(1);
    assertThat(done.get("counts").get("succeeded").asInt()).isEqualTo(2);
    JsonNode target =
        get("/v1/rollouts/" + id + "/environments?status=skipped_not_active").get("items").get(0);
    assertThat(target.get("environment_id").asString()).isEqualTo(suspended.id());
    assertThat(target.get("error").asString()).contains("suspended");
    assertThat(hasTable(suspended, table)).isFalse();
  }

  @Test
  void a_target_left_running_by_a_crash_is_run_again_and_its_database_decides_what_runs() {
    String organization = createOrganization(slug("crash")).get("id").asString();
    List<Env> fleet = fleet(organization, 3);
    String table = table();
    String pkg = publishCreating(table);
    String id =
        createRollout(admin(), body(pkg, organization, 1, 2, 2, 0), 202).get("id").asString();
    awaitRollout(id, "succeeded");
    awaitNoExecution(id);

    // As a control plane killed after installing into fleet[2] but before recording it leaves it:
    // the target running (attempt 1), the rollout mid-way. Its execution is revived by resuming.
    Env crashed = fleet.get(2);
    UUID rollout = UUID.fromString(id);
    update(
        "UPDATE rollout_target SET status = 'running', finished_at = NULL"
            + " WHERE rollout_id = ? AND environment_id = ?",
        rollout,
        UUID.fromString(crashed.id()));
    update(
        "UPDATE rollout SET status = 'paused', finished_at = NULL,"
            + " current_wave = (SELECT wave FROM rollout_target WHERE rollout_id = ? AND environment_id = ?)"
            + " WHERE id = ?",
        rollout,
        UUID.fromString(crashed.id()),
        rollout);
    call(admin(), "post", "/v1/rollouts/" + id + "/resume", 200);
    awaitRollout(id, "succeeded");

    JsonNode target = null;
    for (JsonNode item : get("/v1/rollouts/" + id + "/environments?limit=500").get("items")) {
      if (item.get("environment_id").asString().equals(crashed.id())) {
        target = item;
      }
    }
    assertThat(target).isNotNull();
    assertThat(target.get("status").asString()).isEqualTo("succeeded");
    assertThat(target.get("attempts").asInt()).isEqualTo(2);
    for (Env env : fleet) {
      assertThat(appliedMigrations(env, pkg))
          .as("each migration ran once in " + env.id())
          .isEqualTo(2);
    }
  }

  // ---- the environments' SQLite files

  private static String table() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static Connection open(Env env) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(env.databaseName()));
  }

  private static void sql(Env env, String statement) {
    try (Connection connection = open(env);
        Statement sql = connection.createStatement()) {
      sql.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean hasTable(Env env, String table) {
    try (Connection connection = open(env);
        Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '"
                    + table
                    + "'")) {
      return rows.next() && rows.getInt(1) == 1;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The successful migrations the package's own history records in the environment. */
  private static int appliedMigrations(Env env, String pkg) {
    try (Connection connection = open(env);
        Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT count(*) FROM sys_migrations_"
                    + pkg
                    + " WHERE success = 1 AND version IS NOT NULL")) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
