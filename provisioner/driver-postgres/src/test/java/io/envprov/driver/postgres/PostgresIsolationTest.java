package io.envprov.driver.postgres;

import static io.envprov.driver.postgres.Databases.connect;
import static io.envprov.driver.postgres.Databases.execute;
import static io.envprov.driver.postgres.Databases.insertPackage;
import static io.envprov.driver.postgres.Databases.newDatabaseName;
import static io.envprov.driver.postgres.Databases.newUsername;
import static io.envprov.driver.postgres.Databases.ownersInPublic;
import static io.envprov.driver.postgres.Databases.packageIds;
import static io.envprov.driver.postgres.Databases.rolesReferencedIn;
import static io.envprov.driver.postgres.Databases.rolesStartingWith;
import static io.envprov.driver.postgres.Databases.strings;
import static io.envprov.driver.spi.contract.DriverContractTest.NEWEST_BASELINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps environment databases apart on one server, and how provisioning converges after a
 * crash, against a real PostgreSQL server with password authentication.
 */
class PostgresIsolationTest {

  @TempDir static Path serverDirectory;

  private static EmbeddedPostgresServer server;
  private static PostgresDriver driver;

  private final List<String> touched = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = EmbeddedPostgresServer.start(serverDirectory.resolve("data"));
    driver = new PostgresDriver(PostgresIsolationTest.class.getClassLoader());
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @AfterEach
  void deprovisionWhatTheTestMade() {
    touched.forEach(name -> driver.deprovision(ref(name)));
  }

  // --- who may connect ---

  @Test
  void aCredentialOfOneDatabaseCannotConnectToAnother() throws SQLException {
    String a = provision();
    String b = provision();
    IssuedCredential ofA = issue(a, CredentialScope.ADMIN);

    ConnectionSpec toB = driver.connectionSpec(ref(b), ofA);

    assertThatThrownBy(() -> connect(toB).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for database");
    try (Connection connection = connect(driver.connectionSpec(ref(a), ofA))) {
      insertPackage(connection, "a's own");
    }
  }

  @Test
  void aLoginRoleWithNoCredentialOfTheDatabaseCannotConnect() throws SQLException {
    String name = provision();
    String stranger = newUsername();
    try (Connection admin = server.admin("postgres")) {
      execute(admin, "CREATE ROLE " + stranger + " LOGIN PASSWORD 'stranger-password'");
    }
    try {
      assertThatThrownBy(() -> server.connect(name, stranger, "stranger-password").close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied for database");
      // The same role reaches a database open to PUBLIC: the refusal is the database's.
      try (Connection admin = server.admin("postgres")) {
        execute(admin, "CREATE DATABASE " + name + "_open");
      }
      try {
        server.connect(name + "_open", stranger, "stranger-password").close();
      } finally {
        try (Connection admin = server.admin("postgres")) {
          execute(admin, "DROP DATABASE " + name + "_open");
        }
      }
    } finally {
      try (Connection admin = server.admin("postgres")) {
        execute(admin, "DROP ROLE " + stranger);
      }
    }
  }

  @Test
  void aRevokedCredentialLosesItsOpenSessionToo() throws SQLException {
    String name = provision();
    IssuedCredential credential = issue(name, CredentialScope.READWRITE);
    try (Connection open = connect(driver.connectionSpec(ref(name), credential))) {
      insertPackage(open, "before-the-revocation");

      driver.revokeCredential(ref(name), credential.username());

      assertThatThrownBy(() -> insertPackage(open, "after-the-revocation"))
          .isInstanceOf(SQLException.class);
    }
    assertThatThrownBy(() -> connect(driver.connectionSpec(ref(name), credential)).close())
        .isInstanceOf(SQLException.class);
  }

  @Test
  void theServersCredentialLoginsAreListedWithTheirDatabaseUntilRevoked() {
    String a = provision();
    String b = provision();
    IssuedCredential ofA = issue(a, CredentialScope.READWRITE);
    IssuedCredential ofB = issue(b, CredentialScope.READONLY);

    assertThat(driver.credentialLogins(EmbeddedTarget.of(server), "cred_"))
        .containsEntry(ofA.username(), a)
        .containsEntry(ofB.username(), b)
        // the server admin and the NOLOGIN groups are no credential logins
        .doesNotContainKey(EmbeddedPostgresServer.ADMIN);

    driver.revokeCredential(ref(a), ofA.username());

    assertThat(driver.credentialLogins(EmbeddedTarget.of(server), "cred_"))
        .doesNotContainKey(ofA.username())
        .containsEntry(ofB.username(), b);
  }

  @Test
  void anExpiredCredentialCannotConnect() {
    String name = provision();
    IssuedCredential expired =
        driver.issueCredential(
            ref(name),
            new CredentialRequest(
                newUsername(), CredentialScope.READWRITE, Instant.now().minus(1, ChronoUnit.DAYS)));

    assertThatThrownBy(() -> connect(driver.connectionSpec(ref(name), expired)).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("authentication failed");
  }

  @Test
  void reissuingAnExpiredCredentialWithoutAnExpiryMakesItWorkAgain() throws SQLException {
    String name = provision();
    String username = newUsername();
    driver.issueCredential(
        ref(name),
        new CredentialRequest(
            username, CredentialScope.READWRITE, Instant.now().minus(1, ChronoUnit.DAYS)));

    IssuedCredential renewed =
        driver.issueCredential(
            ref(name), new CredentialRequest(username, CredentialScope.READWRITE, null));

    try (Connection connection = connect(driver.connectionSpec(ref(name), renewed))) {
      insertPackage(connection, "renewed");
    }
  }

  // --- what each scope may do ---

  @Test
  void aReadonlyCredentialCannotInsert() throws SQLException {
    String name = provision();

    try (Connection readonly = open(name, CredentialScope.READONLY)) {
      assertThat(packageIds(readonly)).isEmpty();
      assertThatThrownBy(() -> insertPackage(readonly, "written-by-a-reader"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void aReadwriteCredentialCanInsertButCannotCreateATable() throws SQLException {
    String name = provision();

    try (Connection readwrite = open(name, CredentialScope.READWRITE)) {
      insertPackage(readwrite, "written-by-a-writer");
      assertThat(packageIds(readwrite)).containsExactly("written-by-a-writer");
      assertThatThrownBy(() -> execute(readwrite, "CREATE TABLE sneaky(id int)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied for schema public");
    }
  }

  @Test
  void noCredentialCanTamperWithTheBaselineHistory() throws SQLException {
    String name = provision();

    try (Connection readwrite = open(name, CredentialScope.READWRITE)) {
      assertThatThrownBy(() -> execute(readwrite, "DELETE FROM flyway_schema_history"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
    try (Connection readonly = open(name, CredentialScope.READONLY)) {
      assertThat(strings(readonly, "SELECT version FROM flyway_schema_history")).contains("1");
    }
  }

  @Test
  void aTableAnAdminCreatesIsOwnedByTheAdminGroupAndWritableByReadwriteAndReadableByReadonly()
      throws SQLException {
    String name = provision();
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(
          admin,
          "CREATE TABLE note(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, text text)");
    }

    try (Connection readwrite = open(name, CredentialScope.READWRITE)) {
      execute(readwrite, "INSERT INTO note(text) VALUES ('written by a writer')");
      execute(readwrite, "UPDATE note SET text = 'rewritten by a writer'");
    }
    try (Connection readonly = open(name, CredentialScope.READONLY)) {
      assertThat(strings(readonly, "SELECT text FROM note"))
          .containsExactly("rewritten by a writer");
      assertThatThrownBy(() -> execute(readonly, "DELETE FROM note"))
          .isInstanceOf(SQLException.class);
    }
    try (Connection admin = server.admin(name)) {
      assertThat(ownersInPublic(admin))
          .contains("note=" + name + "_admin", "note_id_seq=" + name + "_admin");
    }
  }

  @Test
  void aTableCreatedByAnotherAdminCredentialIsStillTheGroupsSoTheFirstCanDropIt()
      throws SQLException {
    String name = provision();
    try (Connection first = open(name, CredentialScope.ADMIN)) {
      execute(first, "CREATE TABLE scratch(id int)");
    }

    try (Connection second = open(name, CredentialScope.ADMIN)) {
      execute(second, "DROP TABLE scratch");
    }
  }

  @Test
  void everyObjectOfTheBaselineAndTheSchemaIsOwnedByTheAdminGroup() throws SQLException {
    String name = provision();

    try (Connection admin = server.admin(name)) {
      assertThat(ownersInPublic(admin))
          .isNotEmpty()
          .allSatisfy(owner -> assertThat(owner).endsWith("=" + name + "_admin"));
      assertThat(
              strings(
                  admin,
                  "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'"))
          .containsExactly(name + "_admin");
      assertThat(
              strings(
                  admin, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?", name))
          .containsExactly(EmbeddedPostgresServer.ADMIN);
    }
  }

  @Test
  void aBaselineOfSeveralMigrationsRunByFlywayIsOwnedByTheAdminGroupThroughout()
      throws SQLException {
    PostgresDriver flyway =
        new PostgresDriver(
            PostgresSettings.defaults()
                .withBaselineStrategy(PostgresSettings.BaselineStrategy.FLYWAY),
            getClass().getClassLoader());
    String name = newDatabaseName();
    touched.add(name);

    ProvisionedDatabase provisioned =
        flyway.provision(
            new ProvisionRequest(
                name, EmbeddedTarget.of(server), new Baseline("classpath:db/two-steps"), Map.of()));

    assertThat(provisioned.baselineVersion()).isEqualTo("2");
    try (Connection admin = server.admin(name)) {
      assertThat(ownersInPublic(admin))
          .containsExactlyInAnyOrder(
              "flyway_schema_history=" + name + "_admin",
              "first_step=" + name + "_admin",
              "second_step=" + name + "_admin",
              "second_step_id_seq=" + name + "_admin");
    }
    try (Connection readwrite = open(name, CredentialScope.READWRITE)) {
      execute(readwrite, "INSERT INTO second_step(text) VALUES ('written by a writer')");
    }
  }

  // --- credentials that are not this database's ---

  @Test
  void aUsernameTakenByAnotherDatabaseIsRefusedAndKeepsItsSecret() throws SQLException {
    String a = provision();
    String b = provision();
    IssuedCredential ofA = issue(a, CredentialScope.READWRITE);

    assertThatThrownBy(
            () ->
                driver.issueCredential(
                    ref(b), new CredentialRequest(ofA.username(), CredentialScope.ADMIN, null)))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("not a credential of this database");
    driver.revokeCredential(ref(b), ofA.username());
    try (Connection connection = connect(driver.connectionSpec(ref(a), ofA))) {
      insertPackage(connection, "still-working");
    }
  }

  @Test
  void theServerAdminCanNeitherBeIssuedNorRevokedThroughADatabase() throws SQLException {
    String name = provision();

    assertThatThrownBy(
            () ->
                driver.issueCredential(
                    ref(name),
                    new CredentialRequest(
                        EmbeddedPostgresServer.ADMIN, CredentialScope.ADMIN, null)))
        .isInstanceOf(DriverException.class)
        .satisfies(e -> assertThat(((DriverException) e).isTransient()).isFalse());
    driver.revokeCredential(ref(name), EmbeddedPostgresServer.ADMIN);

    server.admin("postgres").close();
  }

  @Test
  void aCredentialCanChangeScopeWhenReissued() throws SQLException {
    String name = provision();
    String username = newUsername();
    driver.issueCredential(ref(name), new CredentialRequest(username, CredentialScope.ADMIN, null));

    IssuedCredential reader =
        driver.issueCredential(
            ref(name), new CredentialRequest(username, CredentialScope.READONLY, null));

    try (Connection connection = connect(driver.connectionSpec(ref(name), reader))) {
      assertThatThrownBy(() -> insertPackage(connection, "no-longer-allowed"))
          .isInstanceOf(SQLException.class);
    }
  }

  // --- deprovisioning ---

  @Test
  void deprovisioningLeavesNoDatabaseAndNoRoleWithTheNamePrefix() throws SQLException {
    String name = provision();
    List<String> credentials = new ArrayList<>();
    for (CredentialScope scope : CredentialScope.values()) {
      credentials.add(issue(name, scope).username());
    }
    IssuedCredential revokedHalfway = issue(name, CredentialScope.READWRITE);
    credentials.add(revokedHalfway.username());
    try (Connection admin = server.admin("postgres")) {
      // A revocation that crashed after taking LOGIN away.
      execute(admin, "ALTER ROLE " + revokedHalfway.username() + " NOLOGIN");
    }

    try (Connection stillOpen = open(name, CredentialScope.ADMIN)) {
      credentials.add(strings(stillOpen, "SELECT session_user").get(0));
      driver.deprovision(ref(name));
    }

    assertThat(driver.exists(ref(name))).isFalse();
    try (Connection admin = server.admin("postgres")) {
      assertThat(strings(admin, "SELECT datname FROM pg_database WHERE datname LIKE ?", name + "%"))
          .isEmpty();
      assertThat(rolesStartingWith(admin, name)).isEmpty();
      for (String credential : credentials) {
        assertThat(rolesStartingWith(admin, credential)).as(credential).isEmpty();
      }
    }
    assertThatCode(() -> driver.deprovision(ref(name))).doesNotThrowAnyException();
  }

  // --- convergence after a crash ---

  @Test
  void provisioningConvergesWhenACrashedAttemptCreatedOnlyTheDatabase() throws SQLException {
    String name = newDatabaseName();
    touched.add(name);
    try (Connection admin = server.admin("postgres")) {
      execute(admin, "CREATE DATABASE " + name);
    }

    assertThat(driver.exists(ref(name))).isTrue();
    assertThat(driver.baselineVersion(ref(name))).isEmpty();
    assertThat(driver.provision(request(name)).baselineVersion()).isEqualTo(NEWEST_BASELINE);

    assertIsolatedAndWorking(name);
  }

  @Test
  void provisioningConvergesWhenACrashedAttemptCreatedTheRolesButNoBaseline() throws SQLException {
    String name = newDatabaseName();
    touched.add(name);
    try (Connection admin = server.admin("postgres")) {
      execute(admin, "CREATE DATABASE " + name);
      execute(admin, "CREATE ROLE " + name + "_admin NOLOGIN");
      execute(admin, "CREATE ROLE " + name + "_readonly NOLOGIN");
      execute(admin, "REVOKE CONNECT, TEMPORARY ON DATABASE " + name + " FROM PUBLIC");
    }

    assertThat(driver.provision(request(name)).baselineVersion()).isEqualTo(NEWEST_BASELINE);

    assertIsolatedAndWorking(name);
  }

  @Test
  void provisioningConvergesWhenACrashedAttemptCopiedTheTemplateButSetNothingUp()
      throws SQLException {
    provision(); // makes sure the template exists
    String name = newDatabaseName();
    touched.add(name);
    String template = PostgresNames.template(Baseline.DATA_PLANE);
    try (Connection admin = server.admin("postgres")) {
      execute(admin, "CREATE DATABASE " + name + " TEMPLATE " + template);
    }
    try (Connection admin = server.admin(name)) {
      assertThat(ownersInPublic(admin)).allSatisfy(o -> assertThat(o).endsWith("=" + template));
    }

    assertThat(driver.provision(request(name)).baselineVersion()).isEqualTo(NEWEST_BASELINE);

    assertIsolatedAndWorking(name);
    try (Connection admin = server.admin("postgres")) {
      assertThat(rolesReferencedIn(admin, name)).doesNotContain(template);
    }
  }

  @Test
  void provisioningReopensADatabaseACrashedDeprovisioningClosed() throws SQLException {
    String name = provision();
    try (Connection admin = server.admin("postgres")) {
      execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    }

    driver.provision(request(name));

    try (Connection readwrite = open(name, CredentialScope.READWRITE)) {
      insertPackage(readwrite, "reopened");
    }
  }

  @Test
  void aDroppedTemplateIsRebuiltOnNextUse() throws SQLException {
    provision();
    String template = PostgresNames.template(Baseline.DATA_PLANE);
    try (Connection admin = server.admin("postgres")) {
      execute(admin, "DROP DATABASE " + template);
    }

    String name = provision();

    assertIsolatedAndWorking(name);
  }

  // --- helpers ---

  private void assertIsolatedAndWorking(String name) throws SQLException {
    try (Connection admin = server.admin(name)) {
      assertThat(ownersInPublic(admin))
          .isNotEmpty()
          .allSatisfy(owner -> assertThat(owner).endsWith("=" + name + "_admin"));
    }
    try (Connection readwrite = open(name, CredentialScope.READWRITE)) {
      insertPackage(readwrite, "after-convergence");
      assertThatThrownBy(() -> execute(readwrite, "CREATE TABLE sneaky(id int)"))
          .isInstanceOf(SQLException.class);
    }
    try (Connection readonly = open(name, CredentialScope.READONLY)) {
      assertThat(packageIds(readonly)).containsExactly("after-convergence");
    }
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(admin, "CREATE TABLE later(id int)");
    }
    try (Connection readwrite = open(name, CredentialScope.READWRITE)) {
      execute(readwrite, "INSERT INTO later VALUES (1)");
    }
  }

  private String provision() {
    String name = newDatabaseName();
    touched.add(name);
    driver.provision(request(name));
    return name;
  }

  private IssuedCredential issue(String name, CredentialScope scope) {
    return driver.issueCredential(ref(name), new CredentialRequest(newUsername(), scope, null));
  }

  private Connection open(String name, CredentialScope scope) throws SQLException {
    return connect(driver.connectionSpec(ref(name), issue(name, scope)));
  }

  private static DatabaseRef ref(String name) {
    return new DatabaseRef(name, EmbeddedTarget.of(server));
  }

  private static ProvisionRequest request(String name) {
    return new ProvisionRequest(name, EmbeddedTarget.of(server), Baseline.DATA_PLANE, Map.of());
  }
}
