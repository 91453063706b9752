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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies with {@code CREATE DATABASE ... TEMPLATE}: what they carry, who owns it afterwards, and
 * that the source is neither changed nor tied to the copy. The contract's own copy checks rely on
 * SQLite's automatic row ids, so they are made here with explicit ids.
 */
class PostgresCopyTest {

  @TempDir static Path serverDirectory;

  private static EmbeddedPostgresServer server;
  private static PostgresDriver driver;

  private final List<String> touched = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = EmbeddedPostgresServer.start(serverDirectory.resolve("data"));
    driver = new PostgresDriver(PostgresCopyTest.class.getClassLoader());
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @AfterEach
  void deprovisionWhatTheTestMade() {
    touched.forEach(name -> driver.deprovision(ref(name)));
  }

  @Test
  void copyingEverythingCarriesSchemaAndDataAndLeavesTheSourceUsableAndUnchanged()
      throws SQLException {
    String source = filledSource();
    String target = newName();

    ProvisionedDatabase copy = driver.copy(ref(source), request(target), CopyMode.EVERYTHING);

    assertThat(copy.databaseName()).isEqualTo(target);
    assertThat(copy.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    assertThat(driver.baselineVersion(ref(target))).contains(NEWEST_BASELINE);
    try (Connection connection = open(target, CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(notes(connection)).containsExactly("a note in the source");
      insertPackage(connection, "only-in-the-copy");
    }
    try (Connection connection = open(source, CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(notes(connection)).containsExactly("a note in the source");
      insertPackage(connection, "only-in-the-source");
    }
  }

  @Test
  void theCopyBelongsToItsOwnGroupsAndKeepsNoTraceOfTheSourcesRoles() throws SQLException {
    String source = filledSource();
    IssuedCredential sourceWriter = issue(source, CredentialScope.READWRITE);
    String target = newName();

    driver.copy(ref(source), request(target), CopyMode.EVERYTHING);

    try (Connection admin = server.admin(target)) {
      assertThat(ownersInPublic(admin))
          .isNotEmpty()
          .allSatisfy(owner -> assertThat(owner).endsWith("=" + target + "_admin"));
    }
    try (Connection admin = server.admin("postgres")) {
      assertThat(rolesReferencedIn(admin, target))
          .allSatisfy(role -> assertThat(role).startsWith(target + "_"));
    }
    assertThatThrownBy(() -> connect(driver.connectionSpec(ref(target), sourceWriter)).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for database");
    try (Connection readwrite = open(target, CredentialScope.READWRITE)) {
      execute(readwrite, "INSERT INTO note(id, text) VALUES (2, 'a note in the copy')");
    }
    try (Connection admin = open(target, CredentialScope.ADMIN)) {
      execute(admin, "CREATE TABLE later(id int)");
    }
    try (Connection readwrite = open(target, CredentialScope.READWRITE)) {
      execute(readwrite, "INSERT INTO later VALUES (1)");
    }
    try (Connection connection = connect(driver.connectionSpec(ref(source), sourceWriter))) {
      insertPackage(connection, "the source's writer still writes");
    }
  }

  @Test
  void theSourceCanBeDeprovisionedWhileItsCopyLivesOn() throws SQLException {
    String source = filledSource();
    String target = newName();
    driver.copy(ref(source), request(target), CopyMode.EVERYTHING);

    driver.deprovision(ref(source));

    try (Connection admin = server.admin("postgres")) {
      assertThat(rolesStartingWith(admin, source)).isEmpty();
    }
    try (Connection connection = open(target, CredentialScope.READWRITE)) {
      assertThat(notes(connection)).containsExactly("a note in the source");
    }
  }

  @Test
  void copyingTheSchemaOnlyCarriesTablesAndTheBaselineButNoRows() throws SQLException {
    String source = filledSource();
    String target = newName();

    ProvisionedDatabase copy = driver.copy(ref(source), request(target), CopyMode.SCHEMA_ONLY);

    assertThat(copy.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    try (Connection connection = open(target, CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).isEmpty();
      assertThat(notes(connection)).isEmpty();
      assertThat(strings(connection, "SELECT count(*) FROM flyway_schema_history WHERE success"))
          .containsExactly(NEWEST_BASELINE);
      execute(connection, "INSERT INTO counter(text) VALUES ('first in the copy')");
      assertThat(strings(connection, "SELECT id FROM counter")).containsExactly("1");
    }
    try (Connection connection = open(source, CredentialScope.ADMIN)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
      assertThat(notes(connection)).containsExactly("a note in the source");
    }
  }

  @Test
  void copyingTwiceLeavesOneCopyWithItsData() throws SQLException {
    String source = filledSource();
    String target = newName();
    ProvisionedDatabase first = driver.copy(ref(source), request(target), CopyMode.SCHEMA_ONLY);
    try (Connection connection = open(target, CredentialScope.READWRITE)) {
      insertPackage(connection, "written-between-the-copies");
    }

    ProvisionedDatabase second = driver.copy(ref(source), request(target), CopyMode.SCHEMA_ONLY);

    assertThat(second).isEqualTo(first);
    try (Connection connection = open(target, CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).containsExactly("written-between-the-copies");
    }
  }

  @Test
  void aCopyThatCrashedBeforeItWasCompleteIsRedoneAndItsStagingDatabaseRemoved()
      throws SQLException {
    String source = filledSource();
    String target = newName();
    String staging = new PostgresNames(target).copyStaging();
    try (Connection admin = server.admin("postgres")) {
      execute(admin, "CREATE DATABASE " + staging + " TEMPLATE " + source);
      // The crashed attempt also left the source closed to new connections.
      execute(admin, "ALTER DATABASE " + source + " ALLOW_CONNECTIONS false");
    }
    assertThat(driver.exists(ref(target))).isFalse();

    driver.copy(ref(source), request(target), CopyMode.SCHEMA_ONLY);

    try (Connection connection = open(target, CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).isEmpty();
    }
    try (Connection connection = open(source, CredentialScope.READWRITE)) {
      assertThat(packageIds(connection)).containsExactly("in-the-source");
    }
    try (Connection admin = server.admin("postgres")) {
      assertThat(strings(admin, "SELECT datname FROM pg_database WHERE datname = ?", staging))
          .isEmpty();
    }
  }

  @Test
  void copyingEndsTheSourcesSessionsAndTheSourceTakesNewOnesRightAfter() throws SQLException {
    String source = filledSource();
    IssuedCredential writer = issue(source, CredentialScope.READWRITE);
    try (Connection idle = connect(driver.connectionSpec(ref(source), writer))) {
      insertPackage(idle, "before-the-copy");

      driver.copy(ref(source), request(newName()), CopyMode.EVERYTHING);

      assertThat(idle.isValid(5)).isFalse();
    }
    try (Connection connection = connect(driver.connectionSpec(ref(source), writer))) {
      insertPackage(connection, "after-the-copy");
    }
  }

  @Test
  void copyingFromAMissingSourceIsAPermanentFailureThatCreatesNothing() {
    String target = newName();

    assertThatThrownBy(
            () -> driver.copy(ref(newDatabaseName()), request(target), CopyMode.EVERYTHING))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("does not exist")
        .satisfies(e -> assertThat(((DriverException) e).isTransient()).isFalse());
    assertThat(driver.exists(ref(target))).isFalse();
  }

  @Test
  void copyingFromAnotherServerIsRefused() {
    String source = provisioned();
    ServerTarget elsewhere =
        new ServerTarget(
            "elsewhere", server.adminUrl(), EmbeddedPostgresServer.ADMIN, "unused", Map.of());

    assertThatThrownBy(
            () ->
                driver.copy(
                    new DatabaseRef(source, elsewhere), request(newName()), CopyMode.EVERYTHING))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("same server");
  }

  // --- helpers ---

  /** A provisioned database with a row in the baseline table and a table of its own. */
  private String filledSource() throws SQLException {
    String name = provisioned();
    try (Connection admin = open(name, CredentialScope.ADMIN)) {
      execute(admin, "CREATE TABLE note(id integer PRIMARY KEY, text varchar(200))");
      execute(
          admin,
          "CREATE TABLE counter(id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, text text)");
      execute(admin, "INSERT INTO note(id, text) VALUES (1, 'a note in the source')");
      execute(admin, "INSERT INTO counter(text) VALUES ('one'), ('two')");
      insertPackage(admin, "in-the-source");
    }
    return name;
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

  private static List<String> notes(Connection connection) throws SQLException {
    return strings(connection, "SELECT text FROM note ORDER BY id");
  }

  private static DatabaseRef ref(String name) {
    return new DatabaseRef(name, EmbeddedTarget.of(server));
  }

  private static ProvisionRequest request(String name) {
    return new ProvisionRequest(name, EmbeddedTarget.of(server), Baseline.DATA_PLANE, Map.of());
  }
}
