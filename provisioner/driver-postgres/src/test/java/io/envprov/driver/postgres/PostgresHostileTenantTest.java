package io.envprov.driver.postgres;

import static io.envprov.driver.postgres.Databases.connect;
import static io.envprov.driver.postgres.Databases.execute;
import static io.envprov.driver.postgres.Databases.insertPackage;
import static io.envprov.driver.postgres.Databases.newDatabaseName;
import static io.envprov.driver.postgres.Databases.newUsername;
import static io.envprov.driver.postgres.Databases.packageIds;
import static io.envprov.driver.postgres.Databases.strings;
import static io.envprov.driver.spi.contract.DriverContractTest.NEWEST_BASELINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant with an admin credential who plants code for the server admin to run: a schema history
 * that is a view over its function, truncate triggers, operators and functions shadowing the
 * catalog's in {@code public}. No path of the driver may run any of it as the server admin; and
 * tenant logins cannot reach the databases where the driver holds its locks.
 */
class PostgresHostileTenantTest {

  @TempDir static Path serverDirectory;

  private static EmbeddedPostgresServer server;
  private static PostgresDriver driver;

  private final List<String> touched = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = EmbeddedPostgresServer.start(serverDirectory.resolve("data"));
    driver = new PostgresDriver(PostgresHostileTenantTest.class.getClassLoader());
  }

  @AfterAll
  static void stopServer() throws Exception {
    driver.close();
    server.close();
  }

  @AfterEach
  void deprovisionWhatTheTestMade() {
    touched.forEach(name -> driver.deprovision(ref(name)));
  }

  // --- item 1: tenant code never runs as the admin ---

  @Test
  void aSchemaHistoryViewOverATenantFunctionIsNeverReadAsTheAdmin() throws SQLException {
    String source = provision();
    IssuedCredential tenant = admin(source);
    try (Connection db = connect(driver.connectionSpec(ref(source), tenant))) {
      plantEscalation(db, tenant.username());
      execute(db, "ALTER TABLE public.flyway_schema_history RENAME TO flyway_history_real");
      execute(
          db,
          "CREATE VIEW public.flyway_schema_history AS SELECT * FROM public.flyway_history_real"
              + " WHERE public.escalate('history view')");
    }
    String target = newName();

    assertThat(driver.copy(ref(source), request(target), CopyMode.EVERYTHING).baselineVersion())
        .isEqualTo(NEWEST_BASELINE);
    assertNotEscalated(tenant.username(), source, target);
    // again: the copy exists, only its access and version are checked
    driver.copy(ref(source), request(target), CopyMode.EVERYTHING);
    assertNotEscalated(tenant.username(), source, target);
    // provisioning a database that exists (a retry, "already exists") runs Flyway there
    catchingAnything(() -> driver.provision(request(source)));
    assertNotEscalated(tenant.username(), source, target);
    catchingAnything(() -> driver.baselineVersion(ref(source)));
    assertNotEscalated(tenant.username(), source, target);
    // the function did run, as a probe login of the database's own groups
    try (Connection admin = server.admin(target)) {
      assertThat(strings(admin, "SELECT DISTINCT sess FROM public.pwned"))
          .isNotEmpty()
          .allMatch(session -> session.startsWith("envprov_probe_"));
    }
    assertThat(probeLoginsLeft()).isEmpty();
  }

  @Test
  void aTruncateTriggerEnabledAlwaysDoesNotFireInASchemaOnlyCopy() throws SQLException {
    String source = provision();
    IssuedCredential tenant = admin(source);
    try (Connection db = connect(driver.connectionSpec(ref(source), tenant))) {
      plantEscalation(db, tenant.username());
      insertPackage(db, "in-the-source");
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
    String target = newName();

    driver.copy(ref(source), request(target), CopyMode.SCHEMA_ONLY);

    assertNotEscalated(tenant.username(), source, target);
    try (Connection admin = server.admin(target)) {
      assertThat(packageIds(admin)).isEmpty();
      assertThat(
              strings(
                  admin,
                  "SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'hostile'"
                      + " AND NOT tgisinternal"))
          .containsExactly("A");
    }
  }

  @Test
  void operatorsAndFunctionsShadowingTheCatalogInPublicAreNeverResolvedByTheAdmin()
      throws SQLException {
    String source = provision();
    IssuedCredential tenant = admin(source);
    try (Connection db = connect(driver.connectionSpec(ref(source), tenant))) {
      plantEscalation(db, tenant.username());
      insertPackage(db, "in-the-source");
      execute(
          db,
          "CREATE FUNCTION public.eq(a name, b varchar) RETURNS boolean LANGUAGE plpgsql AS"
              + " $f$ BEGIN PERFORM public.escalate('= operator');"
              + " RETURN a::text = b::text; END $f$");
      execute(
          db,
          "CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = varchar, FUNCTION = public.eq)");
      execute(
          db,
          "CREATE FUNCTION public.format(f text, a name, b name) RETURNS text"
              + " LANGUAGE plpgsql AS $f$ BEGIN PERFORM public.escalate('format');"
              + " RETURN pg_catalog.format(f, a, b); END $f$");
    }
    String target = newName();

    driver.copy(ref(source), request(target), CopyMode.SCHEMA_ONLY);
    IssuedCredential other = admin(target);
    try (Connection db = connect(driver.connectionSpec(ref(target), other))) {
      // owned by the login itself: its revocation reassigns it inside the database
      execute(db, "RESET ROLE");
      execute(db, "CREATE TABLE public.mine (id integer)");
    }
    driver.revokeCredential(ref(target), other.username());
    driver.databases(EmbeddedTarget.of(server), "env_");
    driver.credentialLogins(EmbeddedTarget.of(server), "cred_");
    driver.health(EmbeddedTarget.of(server));

    assertNotEscalated(tenant.username(), source, target);
  }

  @Test
  void aTenantCannotCreateAnEventTrigger() throws SQLException {
    String name = provision();
    IssuedCredential tenant = admin(name);
    try (Connection db = connect(driver.connectionSpec(ref(name), tenant))) {
      plantEscalation(db, tenant.username());
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
  }

  // --- item 2: tenant logins stay inside their database ---

  @Test
  void aCredentialCannotConnectToTheMaintenanceDatabases() throws SQLException {
    String name = provision();
    IssuedCredential tenant = admin(name);
    for (String database : List.of("postgres", "template1")) {
      assertThatThrownBy(() -> server.connect(database, tenant.username(), tenant.secret()).close())
          .as(database)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied for database");
    }
    try (Connection admin = server.admin("postgres")) {
      assertThat(
              strings(
                  admin,
                  "SELECT has_table_privilege('public', ?, 'SELECT')::text",
                  "envprov_driver.lock_salt"))
          .containsExactly("false");
    }
  }

  @Test
  void theDriversLockKeysAreNotTheGuessableOnes() throws Exception {
    String name = newDatabaseName();
    touched.add(name);
    String template = PostgresNames.template(Baseline.DATA_PLANE);
    driver.databases(EmbeddedTarget.of(server), "env_"); // the server is prepared
    try (Connection squatter = server.admin("postgres")) {
      // the keys of the driver before: (envp, hashtext(name)) in the admin database
      for (String key : List.of(name, PostgresTemplates.lockKey(template))) {
        strings(squatter, "SELECT pg_advisory_lock(" + 0x656e7670 + ", hashtext(?))::text", key);
      }

      CompletableFuture<Void> provision =
          CompletableFuture.runAsync(() -> driver.provision(request(name)));

      provision.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aCredentialOfOneDatabaseHasNoConnectOnAnother() throws SQLException {
    String a = provision();
    String b = provision();
    IssuedCredential ofA = admin(a);

    assertThatThrownBy(() -> server.connect(b, ofA.username(), ofA.secret()).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for database");
  }

  // --- helpers ---

  /**
   * {@code public.escalate(via)}: records who runs it, then tries to become the session user and
   * make the tenant's login a superuser. Returns true, for use in a view's condition.
   */
  private static void plantEscalation(Connection db, String login) throws SQLException {
    execute(db, "CREATE TABLE public.pwned (who text, sess text, via text)");
    execute(db, "GRANT SELECT, INSERT ON public.pwned TO PUBLIC");
    execute(
        db,
        "CREATE FUNCTION public.escalate(via text) RETURNS boolean LANGUAGE plpgsql AS $f$"
            + " BEGIN"
            + " BEGIN INSERT INTO public.pwned VALUES (current_user, session_user, via);"
            + " EXCEPTION WHEN others THEN NULL; END;"
            + " BEGIN EXECUTE 'RESET ROLE'; EXCEPTION WHEN others THEN NULL; END;"
            + " BEGIN EXECUTE 'ALTER ROLE "
            + login
            + " SUPERUSER'; EXCEPTION WHEN others THEN NULL; END;"
            + " BEGIN EXECUTE 'GRANT pg_read_server_files TO "
            + login
            + "'; EXCEPTION WHEN others THEN NULL; END;"
            + " RETURN true; END $f$");
  }

  /** The login is no superuser, has no other membership, and the admin never ran the function. */
  private static void assertNotEscalated(String login, String... databases) throws SQLException {
    try (Connection admin = server.admin("postgres")) {
      assertThat(strings(admin, "SELECT rolsuper::text FROM pg_roles WHERE rolname = ?", login))
          .containsExactly("false");
      assertThat(
              strings(
                  admin,
                  "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                      + " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = ?",
                  login))
          .hasSize(1)
          .allMatch(group -> group.endsWith("_admin"));
    }
    for (String database : databases) {
      try (Connection admin = server.admin(database)) {
        assertThat(
                strings(
                    admin,
                    "SELECT via FROM public.pwned WHERE sess = ? OR who = ?",
                    EmbeddedPostgresServer.ADMIN,
                    EmbeddedPostgresServer.ADMIN))
            .as("what ran as the admin in " + database)
            .isEmpty();
      }
    }
  }

  private static List<String> probeLoginsLeft() throws SQLException {
    try (Connection admin = server.admin("postgres")) {
      return strings(
          admin, "SELECT rolname FROM pg_roles WHERE left(rolname, 14) = ?", "envprov_probe_");
    }
  }

  private static void catchingAnything(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // Refusing is fine: what matters is who ran the tenant's code.
    }
  }

  private String provision() {
    String name = newName();
    driver.provision(request(name));
    return name;
  }

  private String newName() {
    String name = newDatabaseName();
    touched.add(name);
    return name;
  }

  private static IssuedCredential admin(String name) {
    return driver.issueCredential(
        ref(name), new CredentialRequest(newUsername(), CredentialScope.ADMIN, null));
  }

  private static DatabaseRef ref(String name) {
    return new DatabaseRef(name, EmbeddedTarget.of(server));
  }

  private static ProvisionRequest request(String name) {
    return new ProvisionRequest(name, EmbeddedTarget.of(server), Baseline.DATA_PLANE, Map.of());
  }
}
