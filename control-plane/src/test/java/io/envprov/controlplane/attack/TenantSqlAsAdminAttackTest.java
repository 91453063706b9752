package io.envprov.controlplane.attack;

import static io.envprov.controlplane.attack.PostgresTenants.databaseOf;
import static io.envprov.controlplane.attack.PostgresTenants.execute;
import static io.envprov.controlplane.attack.PostgresTenants.plantEscalation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.controlplane.attack.PostgresTenants.Credential;
import io.envprov.controlplane.attack.PostgresTenants.Environment;
import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.EmbeddedPostgresServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, item 1: a tenant's SQL never runs with the server admin's rights. A holder of an {@code
 * admin} credential plants code in its own database for the driver to run (a schema history that is
 * a view over its function, a truncate trigger, operators and functions shadowing the catalog's in
 * {@code public}, an event trigger), then drives every API path that reaches its database; its
 * login must stay what it was.
 */
class TenantSqlAsAdminAttackTest {

  @TempDir static Path dataDir;
  private static EmbeddedPostgresServer data;
  private static RunningService service;
  private static PostgresTenants tenants;

  @BeforeAll
  static void start() throws Exception {
    data = EmbeddedPostgresServer.start(PostgresTenants.SECRET);
    // Deletes drop at once: the last test checks what is left once the database is gone.
    service =
        RunningService.start(
            TestPostgres.newDatabase(),
            dataDir,
            Map.of("controlplane.environments.recovery-window", "0"));
    tenants = new PostgresTenants(service, data, "eu-attack-sql");
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    data.close();
  }

  @Test
  void a_schema_history_view_over_a_tenant_function_does_not_run_as_the_admin_on_copy()
      throws Exception {
    Environment source = tenants.environment();
    Credential tenant = tenants.credential(source.id(), "admin");
    try (Connection db = tenants.as(tenant, source.database())) {
      plantEscalation(db, tenant.username());
      plantHistoryView(db);
    }

    JsonNode copy = tenants.copy(source, "everything");

    tenants.assertNotEscalated(tenant.username(), source.database(), databaseOf(copy));
    assertThat(copy.get("status").asString()).isEqualTo("active");
  }

  @Test
  void a_before_truncate_trigger_does_not_fire_as_the_admin_in_a_schema_only_copy()
      throws Exception {
    Environment source = tenants.environment();
    Credential tenant = tenants.credential(source.id(), "admin");
    try (Connection db = tenants.as(tenant, source.database())) {
      plantEscalation(db, tenant.username());
      plantTruncateTrigger(db);
    }

    JsonNode copy = tenants.copy(source, "schema_only");

    tenants.assertNotEscalated(tenant.username(), source.database(), databaseOf(copy));
    assertThat(copy.get("status").asString()).isEqualTo("active");
    assertThat(
            tenants.strings(
                databaseOf(copy), "SELECT count(*)::text FROM public.sys_package_installation"))
        .containsExactly("0");
  }

  @Test
  void operators_and_functions_shadowing_the_catalog_in_public_are_never_used_by_the_admin()
      throws Exception {
    Environment source = tenants.environment();
    Credential tenant = tenants.credential(source.id(), "admin");
    try (Connection db = tenants.as(tenant, source.database())) {
      plantEscalation(db, tenant.username());
      plantShadows(db);
    }

    JsonNode copy = tenants.copy(source, "schema_only");

    tenants.assertNotEscalated(tenant.username(), source.database(), databaseOf(copy));
    assertThat(copy.get("status").asString()).isEqualTo("active");
  }

  @Test
  void a_failed_copy_retried_still_never_runs_the_tenants_code_as_the_admin() throws Exception {
    Environment source = tenants.environment();
    Credential tenant = tenants.credential(source.id(), "admin");
    try (Connection db = tenants.as(tenant, source.database())) {
      plantEscalation(db, tenant.username());
      execute(db, "ALTER TABLE public.flyway_schema_history RENAME TO flyway_history_real");
      // Whoever reads the history but the server admin fails: the copy fails, and is retried.
      execute(
          db,
          "CREATE FUNCTION public.refuse() RETURNS boolean LANGUAGE plpgsql AS $f$ BEGIN"
              + " PERFORM public.escalate('failing history');"
              // A failure would roll the escalation back: only the server admin gets an answer.
              + " IF NOT coalesce((SELECT rolsuper FROM pg_catalog.pg_roles"
              + " WHERE rolname = session_user), false)"
              + " THEN RAISE EXCEPTION 'no version for you'; END IF; RETURN true; END $f$");
      execute(
          db,
          "CREATE VIEW public.flyway_schema_history AS SELECT * FROM public.flyway_history_real"
              + " WHERE public.refuse()");
    }

    JsonNode copy = tenants.copy(source, "everything");
    assertThat(copy.get("status").asString()).isEqualTo("failed");
    tenants.assertNotEscalated(tenant.username(), source.database());

    service.post("/v1/environments/" + copy.get("id").asString() + "/retry", Map.of(), 202);
    JsonNode retried = tenants.settled(copy.get("id").asString());

    assertThat(retried.get("status").asString()).isEqualTo("failed");
    tenants.assertNotEscalated(tenant.username(), source.database());
  }

  @Test
  void a_hostile_schema_never_runs_as_the_admin_on_any_path_that_reaches_its_database()
      throws Exception {
    Environment source = tenants.environment();
    Credential tenant = tenants.credential(source.id(), "admin");
    try (Connection db = tenants.as(tenant, source.database())) {
      plantEscalation(db, tenant.username());
      plantHistoryView(db);
      plantTruncateTrigger(db);
      plantShadows(db);
      // Event triggers would fire on the admin's DDL; only superusers may create them.
      execute(
          db,
          "CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS"
              + " $f$ BEGIN PERFORM public.escalate('event trigger'); END $f$");
      assertThatThrownBy(
              () ->
                  execute(
                      db,
                      "CREATE EVENT TRIGGER hostile ON ddl_command_start"
                          + " EXECUTE FUNCTION public.on_ddl()"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
    List<String> databases = new ArrayList<>(List.of(source.database()));

    // credentials: issue, one that owns an object of its own, rotate, revoke
    Credential other = tenants.credential(source.id(), "admin");
    try (Connection db = tenants.as(other, source.database())) {
      execute(db, "RESET ROLE");
      execute(db, "CREATE TABLE public.owned_by_the_login (id integer)");
    }
    tenants.assertNotEscalated(tenant.username(), source.database());
    service.post("/v1/credentials/" + other.id() + "/rotate", Map.of(), 201);
    service.client().delete().uri("/v1/credentials/" + other.id()).exchange().expectStatus().isOk();
    tenants.assertNotEscalated(tenant.username(), source.database());

    // what platform admins look at
    service.get("/v1/database-servers/" + tenants.serverId + "/orphans");
    service.get("/v1/database-servers/" + tenants.serverId + "/orphan-logins");
    service.client().get().uri("/actuator/health").exchange();
    service.get("/v1/database-servers/" + tenants.serverId);
    tenants.assertNotEscalated(tenant.username(), source.database());

    // copies of both kinds
    JsonNode everything = tenants.copy(source, "everything");
    assertThat(everything.get("status").asString()).isEqualTo("active");
    databases.add(databaseOf(everything));
    tenants.assertNotEscalated(tenant.username(), databases.toArray(String[]::new));
    JsonNode schemaOnly = tenants.copy(source, "schema_only");
    // The history the view reads was renamed by the tenant: user data, emptied in the copy.
    assertThat(schemaOnly.get("status").asString()).isEqualTo("failed");
    assertThat(schemaOnly.get("error").asString()).contains("has no baseline");
    tenants.assertNotEscalated(tenant.username(), databases.toArray(String[]::new));

    // deprovisioning
    service
        .client()
        .delete()
        .uri("/v1/environments/" + source.id())
        .exchange()
        .expectStatus()
        .isAccepted();
    assertThat(tenants.settled(source.id()).get("status").asString()).isEqualTo("archived");
    tenants.assertNotEscalatedOrGone(tenant.username(), databases.toArray(String[]::new));
  }

  /** The schema history becomes a view that calls {@code public.escalate} for every row read. */
  private static void plantHistoryView(Connection db) throws SQLException {
    execute(db, "ALTER TABLE public.flyway_schema_history RENAME TO flyway_history_real");
    execute(
        db,
        "CREATE VIEW public.flyway_schema_history AS SELECT * FROM public.flyway_history_real"
            + " WHERE public.escalate('history view')");
  }

  /** A BEFORE TRUNCATE trigger, enabled ALWAYS so that replica mode does not stop it either. */
  private static void plantTruncateTrigger(Connection db) throws SQLException {
    execute(
        db,
        "INSERT INTO public.sys_package_installation (id, package_id, version, status)"
            + " VALUES (gen_random_uuid(), 'pkg.data', '1', 'installed')");
    execute(
        db,
        "CREATE FUNCTION public.on_truncate() RETURNS trigger LANGUAGE plpgsql AS"
            + " $f$ BEGIN PERFORM public.escalate('truncate trigger'); RETURN NULL; END $f$");
    execute(
        db,
        "CREATE TRIGGER hostile BEFORE TRUNCATE ON public.sys_package_installation"
            + " FOR EACH STATEMENT EXECUTE FUNCTION public.on_truncate()");
    execute(db, "ALTER TABLE public.sys_package_installation ENABLE ALWAYS TRIGGER hostile");
  }

  /**
   * An {@code =} operator for (name, varchar), what a catalog query comparing a name with a bound
   * string resolves to ahead of {@code pg_catalog}'s, and a {@code format(text, name, name)}.
   */
  private static void plantShadows(Connection db) throws SQLException {
    execute(
        db,
        "CREATE FUNCTION public.eq(a name, b varchar) RETURNS boolean LANGUAGE plpgsql AS"
            + " $f$ BEGIN PERFORM public.escalate('= operator'); RETURN a::text = b::text; END $f$");
    execute(
        db, "CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = varchar, FUNCTION = public.eq)");
    execute(
        db,
        "CREATE FUNCTION public.format(f text, a name, b name) RETURNS text LANGUAGE plpgsql AS"
            + " $f$ BEGIN PERFORM public.escalate('format'); RETURN pg_catalog.format(f, a, b);"
            + " END $f$");
  }
}
