package io.envprov.driver.libsql;

import static io.envprov.driver.spi.contract.DriverContractTest.NEWEST_BASELINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.libsql.testserver.LibsqlTestServer;
import io.envprov.libsql.testserver.TursoPlatformTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Turso Platform mode against the Platform API test server (databases played by sqld). */
class TursoModeTest {

  private static final String PLATFORM_TOKEN = "platform-token-for-tests";

  private static Path directory;
  private static LibsqlTestServer sqld;
  private static TursoPlatformTestServer turso;
  private static ServerTarget target;
  private static DatabaseDriver driver;

  @BeforeAll
  static void startServers() throws Exception {
    directory = Files.createTempDirectory("turso-mode-test");
    sqld = LibsqlTestServer.builder(directory).adminAuthKey("sqld-admin").start();
    turso = new TursoPlatformTestServer(sqld, "sqld-admin", PLATFORM_TOKEN, "acme");
    target =
        new ServerTarget(
            "turso-test",
            turso.baseUrl().toString(),
            null,
            PLATFORM_TOKEN,
            Map.of("mode", "turso", "organization", "acme", "sqlUrl", sqld.sqlUrl().toString()));
    driver = new LibsqlDriverProvider().create(new DriverContext(directory, Map.of()));
  }

  @AfterAll
  static void stopServers() {
    driver.close();
    turso.close();
    sqld.close();
    SqldFixture.deleteRecursively(directory);
  }

  private static DatabaseRef provision() {
    String name = "env_" + UUID.randomUUID().toString().replace("-", "");
    ProvisionedDatabase provisioned =
        driver.provision(new ProvisionRequest(name, target, Baseline.DATA_PLANE, Map.of()));
    assertThat(provisioned.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    return new DatabaseRef(name, target);
  }

  private static Connection connect(DatabaseRef database, IssuedCredential credential)
      throws SQLException {
    ConnectionSpec spec = driver.connectionSpec(database, credential);
    return DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties());
  }

  private static IssuedCredential issue(DatabaseRef database, CredentialScope scope) {
    return driver.issueCredential(
        database,
        new CredentialRequest(
            "cred_" + UUID.randomUUID().toString().substring(0, 8),
            scope,
            Instant.now().plusSeconds(3600)));
  }

  private static int insertAndCount(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          // one row per package since baseline V2: a package of its own per insert
          "INSERT INTO sys_package_installation (id, package_id, version, status) VALUES ('"
              + UUID.randomUUID()
              + "', 'p-"
              + UUID.randomUUID()
              + "', '1', 'INSTALLED')");
      try (ResultSet rows =
          statement.executeQuery("SELECT count(*) FROM sys_package_installation")) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  @Test
  void provisioningCreatesATursoDatabaseWithTheBaselineThatAFullAccessTokenCanWrite()
      throws SQLException {
    DatabaseRef database = provision();

    assertThat(driver.health(target).isUp()).isTrue();
    assertThat(driver.exists(database)).isTrue();
    assertThat(driver.baselineVersion(database)).contains(NEWEST_BASELINE);
    try (Connection connection = connect(database, issue(database, CredentialScope.READWRITE))) {
      assertThat(insertAndCount(connection)).isEqualTo(1);
    }
  }

  @Test
  void aReadOnlyTokenReadsButCannotWrite() throws SQLException {
    DatabaseRef database = provision();
    try (Connection reader = connect(database, issue(database, CredentialScope.READONLY))) {
      assertThatThrownBy(() -> insertAndCount(reader)).isInstanceOf(SQLException.class);
      try (Statement statement = reader.createStatement();
          ResultSet rows =
              statement.executeQuery("SELECT count(*) FROM sys_package_installation")) {
        rows.next();
        assertThat(rows.getInt(1)).isZero();
      }
    }
  }

  @Test
  void rotatingInvalidatesEveryTokenAndNewOnesWork() throws SQLException {
    DatabaseRef database = provision();
    IssuedCredential before = issue(database, CredentialScope.READWRITE);
    IssuedCredential sibling = issue(database, CredentialScope.READWRITE);

    ((LibsqlDriver) driver).rotateAllTokens(database);

    assertThatThrownBy(() -> connect(database, before).close()).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> connect(database, sibling).close()).isInstanceOf(SQLException.class);
    try (Connection connection = connect(database, issue(database, CredentialScope.READWRITE))) {
      assertThat(insertAndCount(connection)).isEqualTo(1);
    }
    assertThat(driver.baselineVersion(database)).contains(NEWEST_BASELINE);
  }

  @Test
  void capabilitiesDependOnTheServerAndTursoCannotRevokeOneCredential() {
    assertThat(driver.capabilities(target).perCredentialRevocation()).isFalse();
    assertThat(driver.capabilities(target).serverSideAuthentication()).isTrue();
    ServerTarget sqldTarget =
        new ServerTarget(
            "sqld-test",
            sqld.adminUrl().toString(),
            null,
            "sqld-admin",
            Map.of("sqlUrl", sqld.sqlUrl().toString()),
            "driver-secret-for-tests-0123456789abcdef");
    assertThat(driver.capabilities(sqldTarget).perCredentialRevocation()).isTrue();
    assertThat(driver.capabilities(null).perCredentialRevocation()).isTrue();
  }

  @Test
  void revokingOneCredentialIsAcceptedButCannotStopItsToken() throws SQLException {
    DatabaseRef database = provision();
    IssuedCredential credential = issue(database, CredentialScope.READWRITE);

    assertThatCode(() -> driver.revokeCredential(database, credential.username()))
        .doesNotThrowAnyException();

    try (Connection connection = connect(database, credential)) {
      assertThat(insertAndCount(connection)).isEqualTo(1); // Turso's documented limitation
    }
  }

  @Test
  void copyingSeedsANewDatabaseFromTheSourceAndSchemaOnlyLeavesRowsBehind() throws SQLException {
    DatabaseRef source = provision();
    try (Connection connection = connect(source, issue(source, CredentialScope.READWRITE))) {
      insertAndCount(connection);
    }
    DatabaseRef everything =
        new DatabaseRef("env_" + UUID.randomUUID().toString().replace("-", ""), target);
    DatabaseRef schemaOnly =
        new DatabaseRef("env_" + UUID.randomUUID().toString().replace("-", ""), target);

    driver.copy(
        source,
        new ProvisionRequest(everything.databaseName(), target, Baseline.DATA_PLANE, Map.of()),
        CopyMode.EVERYTHING);
    driver.copy(
        source,
        new ProvisionRequest(schemaOnly.databaseName(), target, Baseline.DATA_PLANE, Map.of()),
        CopyMode.SCHEMA_ONLY);

    try (Connection connection =
        connect(everything, issue(everything, CredentialScope.READWRITE))) {
      assertThat(insertAndCount(connection)).isEqualTo(2);
    }
    try (Connection connection =
        connect(schemaOnly, issue(schemaOnly, CredentialScope.READWRITE))) {
      assertThat(insertAndCount(connection)).isEqualTo(1);
    }
  }

  @Test
  void deprovisioningDeletesTheDatabaseAndIsIdempotent() {
    DatabaseRef database = provision();

    driver.deprovision(database);
    driver.deprovision(database);

    assertThat(driver.exists(database)).isFalse();
    assertThatThrownBy(() -> issue(database, CredentialScope.READWRITE))
        .isInstanceOf(DriverException.class);
  }

  @Test
  void aWrongPlatformTokenMakesTheServerUnhealthyWithoutLeakingTheToken() {
    ServerTarget wrong =
        new ServerTarget(
            "turso-wrong",
            turso.baseUrl().toString(),
            null,
            "wrong-platform-token",
            target.options());

    var health = driver.health(wrong);

    assertThat(health.isUp()).isFalse();
    assertThat(health.detail()).contains("401").doesNotContain("wrong-platform-token");
  }
}
