package io.envprov.driver.postgres;

import static io.envprov.driver.postgres.Databases.connect;
import static io.envprov.driver.postgres.Databases.execute;
import static io.envprov.driver.postgres.Databases.insertPackage;
import static io.envprov.driver.postgres.Databases.newDatabaseName;
import static io.envprov.driver.postgres.Databases.newUsername;
import static io.envprov.driver.postgres.Databases.ownersInPublic;
import static io.envprov.driver.postgres.Databases.packageIds;
import static io.envprov.driver.postgres.Databases.rolesReferencedIn;
import static io.envprov.driver.postgres.Databases.strings;
import static io.envprov.driver.spi.contract.DriverContractTest.NEWEST_BASELINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.testsupport.LocalPostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups and restores against a real PostgreSQL 15 server (the machine's installed one: the
 * machine's {@code pg_dump} 15 cannot dump the embedded PostgreSQL 17): what a snapshot carries,
 * that a restored database is set up exactly as a provisioned one, that an in-place restore is one
 * step for its readers and keeps its logins, and that a failed one changes nothing.
 */
class PostgresBackupTest {

  private static LocalPostgresServer server;
  private static PostgresDriver driver;

  @TempDir Path files;

  private final List<String> touched = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    assumeTrue(
        LocalPostgresServer.available(15),
        "PostgreSQL 15 server binaries are not installed (.ci/run installs postgresql-15)");
    server = LocalPostgresServer.start(15);
    driver = new PostgresDriver(PostgresBackupTest.class.getClassLoader());
  }

  @AfterAll
  static void stopServer() {
    if (driver != null) {
      driver.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void deprovisionWhatTheTestMade() {
    touched.forEach(name -> driver.deprovision(ref(name)));
  }

  @Test
  void aRestoredDatabaseHasTheRowsOfEveryTypeAndItsSequencesContinue() throws Exception {
    String source = filledSource();
    Path snapshot = backup(source, CopyMode.EVERYTHING);
    String target = newName();

    ProvisionedDatabase restored = driver.restore(snapshot, request(target));

    assertThat(restored.databaseName()).isEqualTo(target);
    assertThat(restored.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    assertThat(restored.metadata()).containsEntry("adminRole", target + "_admin");
    assertThat(driver.baselineVersion(ref(target))).contains(NEWEST_BASELINE);
    try (Connection connection = open(target, CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(kinds(connection)).isEqualTo(kindsOfTheSource());
      assertThat(
              strings(
                  connection,
                  "SELECT convert_from(lo_get(blob), 'UTF8') FROM kinds ORDER BY id LIMIT 1"))
          .containsExactly("a large object");
      execute(connection, "INSERT INTO kinds(label) VALUES ('after the restore')");
      assertThat(strings(connection, "SELECT max(id) FROM kinds")).containsExactly("3");
      assertThat(strings(connection, "SELECT nextval('ticket')")).containsExactly("43");
    }
    try (Connection connection = open(source, CredentialScope.READWRITE)) {
      assertThat(kinds(connection)).isEqualTo(kindsOfTheSource());
    }
  }

  @Test
  void aRestoredDatabaseIsSetUpAsAProvisionedOneAndKeepsNoTraceOfTheSourcesRoles()
      throws Exception {
    String source = filledSource();
    IssuedCredential sourceWriter = issue(source, CredentialScope.READWRITE);
    Path snapshot = backup(source, CopyMode.EVERYTHING);
    String target = newName();

    driver.restore(snapshot, request(target));

    try (Connection admin = server.admin(target)) {
      assertThat(ownersInPublic(admin))
          .isNotEmpty()
          .allSatisfy(owner -> assertThat(owner).endsWith("=" + target + "_admin"));
      assertThat(
              strings(
                  admin,
                  "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'"))
          .containsExactly(target + "_admin");
      try (Connection sourceAdmin = server.admin(source)) {
        assertThat(privileges(admin, target)).isEqualTo(privileges(sourceAdmin, source));
      }
    }
    try (Connection admin = server.admin("postgres")) {
      assertThat(rolesReferencedIn(admin, target))
          .allSatisfy(role -> assertThat(role).startsWith(target + "_"));
      assertThat(databasePrivileges(admin, target)).isEqualTo(databasePrivileges(admin, source));
    }
    assertThatThrownBy(() -> connect(driver.connectionSpec(ref(target), sourceWriter)).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for database");
    try (Connection readwrite = open(target, CredentialScope.READWRITE)) {
      insertPackage(readwrite, "written-after-the-restore");
      execute(readwrite, "UPDATE kinds SET label = 'changed' WHERE id = 1");
      assertThatThrownBy(() -> execute(readwrite, "CREATE TABLE mine(id int)"))
          .hasMessageContaining("permission denied for schema public");
      assertThatThrownBy(() -> execute(readwrite, "DELETE FROM flyway_schema_history"))
          .hasMessageContaining("permission denied");
    }
    try (Connection readonly = open(target, CredentialScope.READONLY)) {
      assertThat(packageIds(readonly)).contains("written-after-the-restore");
      assertThatThrownBy(() -> insertPackage(readonly, "not-allowed"))
          .hasMessageContaining("permission denied");
    }
    try (Connection admin = open(target, CredentialScope.ADMIN)) {
      execute(admin, "CREATE TABLE later(id int)");
    }
    try (Connection readwrite = open(target, CredentialScope.READWRITE)) {
      execute(readwrite, "INSERT INTO later VALUES (1)");
    }
    try (Connection readonly = open(target, CredentialScope.READONLY)) {
      assertThat(strings(readonly, "SELECT id FROM later")).containsExactly("1");
    }
  }

  @Test
  void aSchemaOnlySnapshotCarriesTablesAndTheBaselineHistoryButNoRows() throws Exception {
    String source = filledSource();
    Path snapshot = backup(source, CopyMode.SCHEMA_ONLY);
    String target = newName();

    ProvisionedDatabase restored = driver.restore(snapshot, request(target));

    assertThat(restored.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    try (Connection connection = open(target, CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).isEmpty();
      assertThat(kinds(connection)).isEmpty();
      assertThat(strings(connection, "SELECT count(*) FROM pg_largeobject_metadata"))
          .containsExactly("0");
      assertThat(strings(connection, "SELECT count(*) FROM flyway_schema_history WHERE success"))
          .containsExactly(NEWEST_BASELINE);
      execute(connection, "INSERT INTO kinds(label) VALUES ('first in the copy')");
      assertThat(strings(connection, "SELECT id FROM kinds")).containsExactly("1");
      assertThat(strings(connection, "SELECT nextval('ticket')")).containsExactly("40");
    }
  }

  @Test
  void restoringAgainReplacesWhatAnEarlierAttemptLeft() throws Exception {
    String source = filledSource();
    Path snapshot = backup(source, CopyMode.EVERYTHING);
    String target = newName();
    ProvisionedDatabase first = driver.restore(snapshot, request(target));
    try (Connection connection = open(target, CredentialScope.READWRITE)) {
      insertPackage(connection, "left-by-the-first-attempt");
    }

    ProvisionedDatabase second = driver.restore(snapshot, request(target));

    assertThat(second).isEqualTo(first);
    try (Connection connection = open(target, CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
    }
  }

  @Test
  void restoringInPlaceReplacesTheContentsAndLoginsIssuedBeforeReadTheRestoredRows()
      throws Exception {
    String name = filledSource();
    IssuedCredential reader = issue(name, CredentialScope.READONLY);
    IssuedCredential writer = issue(name, CredentialScope.READWRITE);
    Path snapshot = backup(name, CopyMode.EVERYTHING);
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      insertPackage(admin, "after-the-backup");
      execute(admin, "DELETE FROM kinds");
      execute(admin, "CREATE TABLE made_after_the_backup(id int)");
      execute(admin, "CREATE VIEW package_view AS SELECT * FROM sys_package_installation");
    }

    driver.restoreInPlace(ref(name), snapshot);

    try (Connection connection = connect(driver.connectionSpec(ref(name), reader))) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(kinds(connection)).isEqualTo(kindsOfTheSource());
      assertThat(
              strings(
                  connection,
                  "SELECT count(*) FROM pg_class WHERE relname IN"
                      + " ('made_after_the_backup', 'package_view')"))
          .containsExactly("0");
    }
    try (Connection connection = connect(driver.connectionSpec(ref(name), writer))) {
      insertPackage(connection, "written-after-the-restore");
      assertThatThrownBy(() -> execute(connection, "CREATE TABLE mine(id int)"))
          .hasMessageContaining("permission denied");
    }
    assertThat(driver.baselineVersion(ref(name))).contains(NEWEST_BASELINE);
  }

  @Test
  void aQueryThatMeetsAnInPlaceRestoreWaitsForItAndReadsTheRestoredTable() throws Exception {
    String name = filledSource();
    Path snapshot = backup(name, CopyMode.EVERYTHING);
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(admin, "INSERT INTO kinds(label) VALUES ('after the backup')");
    }
    IssuedCredential reader = issue(name, CredentialScope.READONLY);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (Connection blocker = connect(driver.connectionSpec(ref(name), reader));
        Connection waiter = connect(driver.connectionSpec(ref(name), reader));
        Connection observer = server.admin(name)) {
      // A reader inside a transaction holds its lock on kinds until it ends: the restore has to
      // wait for it, and a query arriving meanwhile queues behind the restore.
      blocker.setAutoCommit(false);
      assertThat(strings(blocker, "SELECT count(*) FROM kinds")).containsExactly("3");
      Future<?> restore = threads.submit(() -> driver.restoreInPlace(ref(name), snapshot));
      awaitLockWait(observer, "DO $envprov$");
      int waiterPid = pid(waiter);
      Future<List<String>> waiting =
          threads.submit(() -> strings(waiter, "SELECT label FROM kinds ORDER BY id"));
      awaitLockWait(observer, waiterPid);

      blocker.commit();

      restore.get(2, TimeUnit.MINUTES);
      assertThat(waiting.get(2, TimeUnit.MINUTES)).containsExactly("first", "second");
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void anInPlaceRestoreWhoseCallerGivesUpLeavesTheOldContents() throws Exception {
    String name = filledSource();
    Path snapshot = backup(name, CopyMode.EVERYTHING);
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(admin, "INSERT INTO kinds(label) VALUES ('after the backup')");
    }
    IssuedCredential reader = issue(name, CredentialScope.READONLY);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (Connection blocker = connect(driver.connectionSpec(ref(name), reader));
        Connection observer = server.admin(name)) {
      blocker.setAutoCommit(false);
      assertThat(strings(blocker, "SELECT count(*) FROM kinds")).containsExactly("3");
      Thread restore =
          new Thread(
              () -> {
                try {
                  driver.restoreInPlace(ref(name), snapshot);
                } catch (Throwable e) {
                  failure.set(e);
                }
              });
      restore.start();
      awaitLockWait(observer, "DO $envprov$");

      // A time limit of the caller interrupts the call.
      restore.interrupt();
      restore.join();
      blocker.commit();

      assertThat(failure.get())
          .isInstanceOf(DriverException.class)
          .hasMessageContaining("interrupted")
          .satisfies(e -> assertThat(((DriverException) e).isTransient()).isTrue());
      await(
          observer,
          "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE usename LIKE ?)",
          "envprov\\_probe\\_%");
      assertThat(strings(blocker, "SELECT label FROM kinds ORDER BY id"))
          .containsExactly("first", "second", "after the backup");
    }
    try (Connection admin = server.admin("postgres")) {
      assertThat(strings(admin, "SELECT rolname FROM pg_roles WHERE rolname LIKE 'envprov_probe%'"))
          .isEmpty();
    }
  }

  @Test
  void aReaderRunningThroughoutAnInPlaceRestoreNeverFailsAndSeesOldOrNewContentsOnly()
      throws Exception {
    String name = filledSource();
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(
          admin,
          "INSERT INTO kinds(label, payload) SELECT 'row ' || i, repeat('x', 500)::bytea"
              + " FROM generate_series(1, 20000) i");
    }
    Path snapshot = backup(name, CopyMode.EVERYTHING);
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(admin, "DELETE FROM kinds WHERE id > 1000");
    }
    IssuedCredential reader = issue(name, CredentialScope.READONLY);
    AtomicBoolean restored = new AtomicBoolean();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        readers.add(
            threads.submit(
                () -> {
                  int reads = 0;
                  try (Connection connection = connect(driver.connectionSpec(ref(name), reader))) {
                    // Until one read after the restore returned: never an error, and a count of
                    // the old contents or of the new ones.
                    boolean last = false;
                    while (!last) {
                      last = restored.get();
                      seen.addAll(strings(connection, "SELECT count(*) FROM kinds"));
                      reads++;
                    }
                  }
                  return reads;
                }));
      }

      driver.restoreInPlace(ref(name), snapshot);
      restored.set(true);

      for (Future<Integer> each : readers) {
        assertThat(each.get(2, TimeUnit.MINUTES)).isPositive();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(seen).contains("20002").isSubsetOf("1000", "20002");
  }

  @Test
  void aCorruptSnapshotLeavesTheOldContentsAndIsAPermanentFailure() throws Exception {
    String name = filledSource();
    Path garbage = files.resolve("garbage.dump");
    Files.writeString(garbage, "not an archive at all", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> driver.restoreInPlace(ref(name), garbage))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("snapshot cannot be read")
        .satisfies(e -> assertThat(((DriverException) e).isTransient()).isFalse());

    try (Connection connection = open(name, CredentialScope.READONLY)) {
      assertThat(kinds(connection)).isEqualTo(kindsOfTheSource());
    }
  }

  @Test
  void aSnapshotCutShortLeavesTheOldContentsEvenThoughItsHeaderReads() throws Exception {
    String name = filledSource();
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(
          admin,
          "INSERT INTO kinds(label, payload) SELECT 'row ' || i, decode(md5(i::text), 'hex')"
              + " FROM generate_series(1, 5000) i");
    }
    Path snapshot = backup(name, CopyMode.EVERYTHING);
    byte[] whole = Files.readAllBytes(snapshot);
    Path cut = files.resolve("cut.dump");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(admin, "DELETE FROM kinds WHERE id > 2");
      execute(admin, "CREATE TABLE made_after_the_backup(id int)");
    }

    assertThatThrownBy(() -> driver.restoreInPlace(ref(name), cut))
        .isInstanceOf(DriverException.class)
        // past the archive's header: the restore had begun
        .hasMessageContaining("cannot be read to its end")
        .hasMessageContaining("pg_restore");

    try (Connection connection = open(name, CredentialScope.READONLY)) {
      assertThat(kinds(connection)).isEqualTo(kindsOfTheSource());
      assertThat(strings(connection, "SELECT count(*) FROM made_after_the_backup"))
          .containsExactly("0");
    }
    try (Connection admin = server.admin("postgres")) {
      assertThat(strings(admin, "SELECT rolname FROM pg_roles WHERE rolname LIKE 'envprov_probe%'"))
          .isEmpty();
    }
  }

  @Test
  void aStatementOfTheSnapshotThatFailsLeavesTheOldContents() throws Exception {
    String name = filledSource();
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      // Checked for every restored row: refuses them all once no credential's session runs it.
      execute(
          admin,
          """
          CREATE FUNCTION public.only_for_credentials() RETURNS boolean LANGUAGE sql
          AS $$ SELECT NOT starts_with(session_user, 'envprov_probe_') $$""");
      execute(admin, "CREATE TABLE picky(id int CHECK (public.only_for_credentials()))");
      execute(admin, "INSERT INTO picky VALUES (1)");
    }
    Path snapshot = backup(name, CopyMode.EVERYTHING);
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(admin, "DELETE FROM kinds WHERE id = 2");
      execute(admin, "CREATE TABLE made_after_the_backup(id int)");
    }

    assertThatThrownBy(() -> driver.restoreInPlace(ref(name), snapshot))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("psql failed")
        .hasMessageContaining("violates check constraint")
        .satisfies(e -> assertThat(((DriverException) e).isTransient()).isFalse());

    try (Connection connection = open(name, CredentialScope.READONLY)) {
      assertThat(kinds(connection)).containsExactly(kindsOfTheSource().get(0));
      assertThat(strings(connection, "SELECT count(*) FROM made_after_the_backup"))
          .containsExactly("0");
      assertThat(strings(connection, "SELECT id FROM picky")).containsExactly("1");
    }
  }

  @Test
  void tenantCodeThatRunsDuringARestoreRunsAsAGroupLoginNeverAsTheServerAdmin() throws Exception {
    String name = provisioned();
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      // A check constraint is evaluated for every restored row, by the session that restores.
      execute(admin, "CREATE TABLE witness(session_user_name text, superuser boolean)");
      execute(
          admin,
          """
          CREATE FUNCTION public.spy(value integer) RETURNS boolean LANGUAGE plpgsql AS $$
          BEGIN
            BEGIN
              RESET ROLE;
              EXECUTE 'ALTER ROLE ' || quote_ident(session_user) || ' SUPERUSER';
            EXCEPTION WHEN OTHERS THEN NULL;
            END;
            INSERT INTO public.witness VALUES (session_user,
              (SELECT rolsuper FROM pg_roles WHERE rolname = session_user));
            RETURN true;
          END $$""");
      execute(admin, "CREATE TABLE guarded(value integer CHECK (public.spy(value)))");
      execute(admin, "INSERT INTO guarded VALUES (1)");
      execute(admin, "DELETE FROM witness");
    }
    Path snapshot = backup(name, CopyMode.EVERYTHING);

    driver.restoreInPlace(ref(name), snapshot);

    try (Connection admin = server.admin(name)) {
      assertThat(strings(admin, "SELECT session_user_name || ':' || superuser FROM witness"))
          .singleElement()
          .satisfies(row -> assertThat(row).startsWith("envprov_probe_").endsWith(":false"));
    }
    try (Connection admin = server.admin("postgres")) {
      assertThat(
              strings(
                  admin,
                  "SELECT rolname FROM pg_roles WHERE rolsuper AND rolname <> ?",
                  LocalPostgresServer.ADMIN))
          .isEmpty();
    }
  }

  @Test
  void aTableACredentialMadeAsItselfIsBackedUpAndComesBackOwnedByTheAdminGroup() throws Exception {
    String name = provisioned();
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      // Sessions start as the admin group; a tenant can still act as its own login.
      execute(admin, "RESET ROLE");
      execute(admin, "CREATE TABLE own(id int)");
      execute(admin, "INSERT INTO own VALUES (7)");
    }
    Path snapshot = backup(name, CopyMode.EVERYTHING);
    String target = newName();

    driver.restore(snapshot, request(target));
    driver.restoreInPlace(ref(name), snapshot);

    for (String database : List.of(name, target)) {
      try (Connection readonly = open(database, CredentialScope.READONLY)) {
        assertThat(strings(readonly, "SELECT id FROM own")).containsExactly("7");
      }
      try (Connection admin = server.admin(database)) {
        assertThat(ownersInPublic(admin))
            .allSatisfy(owner -> assertThat(owner).endsWith("=" + database + "_admin"));
      }
    }
  }

  @Test
  void anAdminWithOnlyCreatedbAndCreateroleBacksUpAndRestores() throws Exception {
    String password = "provisioner-" + Databases.randomHex(12);
    // A server of its own, first reached by this admin, as a managed server would be.
    try (LocalPostgresServer own = LocalPostgresServer.start(15);
        PostgresDriver driver = new PostgresDriver(getClass().getClassLoader())) {
      try (Connection admin = own.admin("postgres")) {
        execute(
            admin, "CREATE ROLE provisioner LOGIN CREATEDB CREATEROLE PASSWORD '" + password + "'");
        execute(admin, "GRANT pg_signal_backend TO provisioner");
      }
      ServerTarget unprivileged =
          new ServerTarget("unprivileged", own.adminUrl(), "provisioner", password, Map.of());
      DatabaseRef source = new DatabaseRef(newDatabaseName(), unprivileged);
      DatabaseRef target = new DatabaseRef(newDatabaseName(), unprivileged);
      driver.provision(
          new ProvisionRequest(source.databaseName(), unprivileged, Baseline.DATA_PLANE, Map.of()));
      IssuedCredential writer =
          driver.issueCredential(
              source, new CredentialRequest(newUsername(), CredentialScope.READWRITE, null));
      IssuedCredential owner =
          driver.issueCredential(
              source, new CredentialRequest(newUsername(), CredentialScope.ADMIN, null));
      try (Connection admin = connect(driver.connectionSpec(source, owner))) {
        execute(admin, "CREATE TABLE note(id int PRIMARY KEY, text text)");
        execute(admin, "INSERT INTO note VALUES (1, 'in the backup')");
      }
      Path snapshot = files.resolve("unprivileged.dump");
      driver.backup(source, CopyMode.EVERYTHING, snapshot);
      try (Connection connection = connect(driver.connectionSpec(source, writer))) {
        execute(connection, "INSERT INTO note VALUES (2, 'after the backup')");
      }

      driver.restoreInPlace(source, snapshot);
      driver.restore(
          snapshot,
          new ProvisionRequest(target.databaseName(), unprivileged, Baseline.DATA_PLANE, Map.of()));

      try (Connection connection = connect(driver.connectionSpec(source, writer))) {
        assertThat(strings(connection, "SELECT text FROM note")).containsExactly("in the backup");
      }
      IssuedCredential reader =
          driver.issueCredential(
              target, new CredentialRequest(newUsername(), CredentialScope.READONLY, null));
      try (Connection connection = connect(driver.connectionSpec(target, reader))) {
        assertThat(strings(connection, "SELECT text FROM note")).containsExactly("in the backup");
      }
      assertThat(driver.sizeBytes(target)).isPositive();
      driver.deprovision(source);
      driver.deprovision(target);
    }
  }

  @Test
  void thisServerCanBeBackedUpWithTheMachinesPgDump() {
    assertThat(driver.capabilities().backup()).isTrue();
    assertThat(driver.capabilities(LocalTarget.of(server)).backup()).isTrue();
  }

  @Test
  void theSizeOfADatabaseIsWhatTheServerCounts() throws Exception {
    String name = filledSource();

    long size = driver.sizeBytes(ref(name));

    try (Connection admin = server.admin("postgres")) {
      assertThat(size)
          .isPositive()
          .isEqualTo(Long.parseLong(strings(admin, "SELECT pg_database_size(?)", name).get(0)));
    }
    assertThatThrownBy(() -> driver.sizeBytes(ref(newDatabaseName())))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void backingUpOrRestoringInPlaceAMissingDatabaseIsAPermanentFailure() {
    String missing = newDatabaseName();
    Path target = files.resolve("missing.dump");

    assertThatThrownBy(() -> driver.backup(ref(missing), CopyMode.EVERYTHING, target))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("does not exist")
        .satisfies(e -> assertThat(((DriverException) e).isTransient()).isFalse());
    assertThat(target).doesNotExist();
    assertThatThrownBy(() -> driver.restoreInPlace(ref(missing), target))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aWrongAdminPasswordFailsTheBackupWithoutShowingThePassword() {
    String name = provisioned();
    String wrong = "wrong-" + Databases.randomHex(12);
    ServerTarget misconfigured =
        new ServerTarget("local", server.adminUrl(), LocalPostgresServer.ADMIN, wrong, Map.of());
    Path target = files.resolve("never.dump");

    assertThatThrownBy(
            () -> driver.backup(new DatabaseRef(name, misconfigured), CopyMode.EVERYTHING, target))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("password authentication failed")
        .satisfies(e -> assertThat(messagesOf(e)).doesNotContain(wrong));
    assertThat(target).doesNotExist();
  }

  @Test
  void aFailingPgDumpReportsItsErrorWithoutTheLoginsPassword() throws Exception {
    String name = provisioned();
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      // pg_dump runs as a login of the admin group, which forced row security keeps out.
      execute(admin, "CREATE TABLE private(id int)");
      execute(admin, "ALTER TABLE private ENABLE ROW LEVEL SECURITY");
      execute(admin, "ALTER TABLE private FORCE ROW LEVEL SECURITY");
    }
    Path target = files.resolve("refused.dump");

    assertThatThrownBy(() -> driver.backup(ref(name), CopyMode.EVERYTHING, target))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("pg_dump failed")
        .hasMessageContaining("row-level security")
        .satisfies(e -> assertThat(messagesOf(e)).doesNotContain(server.adminPassword()));
    assertThat(target).doesNotExist();
    try (Connection admin = server.admin("postgres")) {
      assertThat(strings(admin, "SELECT rolname FROM pg_roles WHERE rolname LIKE 'envprov_probe%'"))
          .isEmpty();
    }
  }

  // --- helpers ---

  /**
   * A provisioned database with a row in the baseline table and a table of many kinds of values,
   * with an identity column, a large object and a sequence of its own.
   */
  private String filledSource() throws SQLException {
    String name = provisioned();
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(
          admin,
          "CREATE TABLE kinds(id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
              + " label text NOT NULL, payload bytea, document jsonb, amount numeric(12, 3),"
              + " at timestamptz, tags text[], flag boolean, ref uuid, blob oid)");
      execute(admin, "CREATE SEQUENCE ticket START 40");
      execute(admin, "SELECT nextval('ticket'), nextval('ticket'), nextval('ticket')");
      try (PreparedStatement insert =
          admin.prepareStatement(
              "INSERT INTO kinds(label, payload, document, amount, at, tags, flag, ref, blob)"
                  + " VALUES (?, ?, ?::jsonb, ?, ?::timestamptz, ?::text[], ?, ?::uuid,"
                  + " lo_from_bytea(0, convert_to(?, 'UTF8')))")) {
        insert.setString(1, "first");
        insert.setBytes(2, new byte[] {0, 1, 2, (byte) 0xff, '\\', '\''});
        insert.setString(3, "{\"nested\": {\"list\": [1, 2.5, \"three\"]}, \"ok\": true}");
        insert.setBigDecimal(4, new java.math.BigDecimal("12345.678"));
        insert.setString(5, "2026-01-02 03:04:05.678+00");
        insert.setString(6, "{a,\"b c\",NULL}");
        insert.setBoolean(7, true);
        insert.setString(8, "0b7c2c6e-6f44-4c59-9a57-1f6e0d5b9c11");
        insert.setString(9, "a large object");
        insert.executeUpdate();
      }
      execute(admin, "INSERT INTO kinds(label, document) VALUES ('second', 'null'::jsonb)");
      insertPackage(admin, "in-the-source");
    }
    return name;
  }

  private static List<String> kindsOfTheSource() {
    return List.of(
        "1|first|\\x000102ff5c27|{\"ok\": true, \"nested\": {\"list\": [1, 2.5, \"three\"]}}"
            + "|12345.678|2026-01-02 03:04:05.678+00|{a,\"b c\",NULL}|true"
            + "|0b7c2c6e-6f44-4c59-9a57-1f6e0d5b9c11|true",
        "2|second|null|null|null|null|null|null|null|false");
  }

  /** The rows of {@code kinds} as text, the large object as whether there is one. */
  private static List<String> kinds(Connection connection) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TIME ZONE 'UTC'");
      try (ResultSet result =
          statement.executeQuery(
              "SELECT concat_ws('|', id, label, coalesce(payload::text, 'null'),"
                  + " coalesce(document::text, 'null'), coalesce(amount::text, 'null'),"
                  + " coalesce(at::text, 'null'), coalesce(tags::text, 'null'),"
                  + " coalesce(flag::text, 'null'), coalesce(ref::text, 'null'),"
                  + " (blob IS NOT NULL)::text) FROM kinds ORDER BY id")) {
        while (result.next()) {
          rows.add(result.getString(1));
        }
      }
    }
    return rows;
  }

  /**
   * Who may do what in schema {@code public} of the database (the schema, every relation, the
   * default privileges), the database's name replaced by {@code <db>}, sorted.
   */
  private static List<String> privileges(Connection admin, String database) throws SQLException {
    return strings(
            admin,
            "SELECT kind || ' ' || object || ' ' || CASE WHEN grantee = 0 THEN 'PUBLIC'"
                + " ELSE pg_get_userbyid(grantee) END || ' ' || privilege FROM ("
                + " SELECT 'relation' AS kind, c.relname::text AS object, a.grantee,"
                + "  a.privilege_type AS privilege FROM pg_class c"
                + "  JOIN pg_namespace n ON n.oid = c.relnamespace,"
                + "  aclexplode(coalesce(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's'"
                + "  ELSE 'r' END)::\"char\", c.relowner))) a"
                + "  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
                + " UNION ALL SELECT 'schema', n.nspname::text, a.grantee, a.privilege_type"
                + "  FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n'::\"char\","
                + "  n.nspowner))) a WHERE n.nspname = 'public'"
                + " UNION ALL SELECT 'default-' || d.defaclobjtype::text, pg_get_userbyid(d.defaclrole),"
                + "  a.grantee, a.privilege_type FROM pg_default_acl d, aclexplode(d.defaclacl) a"
                + ") granted ORDER BY 1")
        .stream()
        .map(line -> line.replace(database, "<db>"))
        .sorted()
        .toList();
  }

  /** Who may do what with the database itself, its name replaced by {@code <db>}, sorted. */
  private static List<String> databasePrivileges(Connection admin, String database)
      throws SQLException {
    return strings(
            admin,
            "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END"
                + " || ' ' || a.privilege_type FROM pg_database d, aclexplode(d.datacl) a"
                + " WHERE d.datname = ?",
            database)
        .stream()
        .map(line -> line.replace(database, "<db>"))
        .sorted()
        .toList();
  }

  private Path backup(String name, CopyMode mode) {
    Path target = files.resolve(name + "-" + mode + ".dump");
    driver.backup(ref(name), mode, target);
    assertThat(target).isRegularFile();
    return target;
  }

  /** Waits until a session running a query that starts with {@code query} waits for a lock. */
  private static void awaitLockWait(Connection observer, String query) throws Exception {
    await(
        observer,
        "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            + " AND starts_with(query, ?)",
        query);
  }

  private static void awaitLockWait(Connection observer, int pid) throws Exception {
    await(
        observer, "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid = ?", pid);
  }

  private static void await(Connection observer, String query, Object parameter) throws Exception {
    for (int attempt = 0; attempt < 6000; attempt++) {
      if (!strings(observer, query, parameter).isEmpty()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("never reached: " + query + " (" + parameter + ")");
  }

  private static int pid(Connection connection) throws SQLException {
    return Integer.parseInt(strings(connection, "SELECT pg_backend_pid()").get(0));
  }

  private static String messagesOf(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      text.append(cause).append('\n');
      for (Throwable suppressed : cause.getSuppressed()) {
        text.append(suppressed).append('\n');
      }
    }
    return text.toString();
  }

  private String provisioned() {
    String name = newName();
    driver.provision(request(name));
    return name;
  }

  private String newName() {
    String name = newDatabaseName();
    touched.add(name);
    return name;
  }

  private IssuedCredential issue(String name, CredentialScope scope) {
    return driver.issueCredential(ref(name), new CredentialRequest(newUsername(), scope, null));
  }

  private Connection open(String name, CredentialScope scope) throws SQLException {
    return connect(driver.connectionSpec(ref(name), issue(name, scope)));
  }

  private static DatabaseRef ref(String name) {
    return new DatabaseRef(name, LocalTarget.of(server));
  }

  private static ProvisionRequest request(String name) {
    return new ProvisionRequest(name, LocalTarget.of(server), Baseline.DATA_PLANE, Map.of());
  }
}
