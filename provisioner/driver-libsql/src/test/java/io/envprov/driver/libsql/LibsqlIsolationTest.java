package io.envprov.driver.libsql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What one environment's credentials can and cannot reach on a shared sqld. */
class LibsqlIsolationTest {

  private static SqldFixture fixture;

  @BeforeAll
  static void startServer() throws Exception {
    fixture = new SqldFixture();
  }

  @AfterAll
  static void stopServer() {
    fixture.close();
  }

  private static DatabaseRef provision() {
    String name = "env_" + UUID.randomUUID().toString().replace("-", "");
    fixture.driver.provision(
        new ProvisionRequest(name, fixture.target, Baseline.DATA_PLANE, Map.of()));
    return new DatabaseRef(name, fixture.target);
  }

  private static IssuedCredential issue(
      DatabaseRef database, CredentialScope scope, Instant expiresAt) {
    String username = "cred_" + UUID.randomUUID().toString().substring(0, 8);
    return fixture.driver.issueCredential(
        database, new CredentialRequest(username, scope, expiresAt));
  }

  private static IssuedCredential issue(DatabaseRef database, CredentialScope scope) {
    return issue(database, scope, null);
  }

  private static Connection connect(DatabaseRef database, IssuedCredential credential)
      throws SQLException {
    ConnectionSpec spec = fixture.driver.connectionSpec(database, credential);
    return DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties());
  }

  private static void insert(Connection connection, String packageId) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO sys_package_installation (id, package_id, version, status) VALUES ('"
              + UUID.randomUUID()
              + "', '"
              + packageId
              + "', '1', 'INSTALLED')");
    }
  }

  private static long count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT count(*) FROM sys_package_installation")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void aTokenForOneEnvironmentCannotOpenAnother() throws SQLException {
    DatabaseRef mine = provision();
    DatabaseRef theirs = provision();
    IssuedCredential credential = issue(mine, CredentialScope.ADMIN);
    ConnectionSpec theirUrlMyToken =
        new ConnectionSpec(
            fixture.driver.connectionSpec(theirs, credential).jdbcUrl(),
            Map.of("password", credential.secret()));

    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    theirUrlMyToken.jdbcUrl(), theirUrlMyToken.toProperties()))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    try (Connection connection = connect(mine, credential)) {
      assertThat(count(connection)).isZero();
    }
  }

  @Test
  void aCredentialTokenCannotOpenTheKeyRegistry() {
    DatabaseRef mine = provision();
    IssuedCredential credential = issue(mine, CredentialScope.ADMIN);
    String registryUrl =
        fixture
            .driver
            .connectionSpec(mine, credential)
            .jdbcUrl()
            .replace("namespace=" + mine.databaseName(), "namespace=envprov_keys");
    var properties = new java.util.Properties();
    properties.setProperty("password", credential.secret());

    assertThatThrownBy(() -> DriverManager.getConnection(registryUrl, properties))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void revokingOneCredentialStopsItsOpenConnectionWhileItsSiblingKeepsWorking()
      throws SQLException {
    DatabaseRef database = provision();
    IssuedCredential revoked = issue(database, CredentialScope.READWRITE);
    IssuedCredential sibling = issue(database, CredentialScope.READWRITE);
    try (Connection open = connect(database, revoked)) {
      insert(open, "before-revocation");

      fixture.driver.revokeCredential(database, revoked.username());

      assertThatThrownBy(() -> insert(open, "after-revocation"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("HTTP 401");
    }
    try (Connection connection = connect(database, sibling)) {
      insert(connection, "by-the-sibling");
      assertThat(count(connection)).isEqualTo(2);
    }
  }

  @Test
  void aReadonlyCredentialIsRefusedWritesWithSqlState28000AndChangesNothing() throws SQLException {
    DatabaseRef database = provision();
    try (Connection reader = connect(database, issue(database, CredentialScope.READONLY))) {
      assertThat(count(reader)).isZero();
      assertThatThrownBy(() -> insert(reader, "by-a-reader"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
      assertThatThrownBy(
              () -> {
                try (Statement statement = reader.createStatement()) {
                  statement.execute("DROP TABLE sys_package_installation");
                }
              })
          .isInstanceOf(SQLException.class);
      assertThat(count(reader)).isZero();
    }
  }

  @Test
  void anExpiredCredentialIsRefused() {
    DatabaseRef database = provision();
    IssuedCredential expired =
        issue(database, CredentialScope.READWRITE, Instant.now().minusSeconds(60));

    assertThatThrownBy(() -> connect(database, expired).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void aDeprovisionedAndRecreatedEnvironmentRefusesTheOldTokens() throws SQLException {
    DatabaseRef database = provision();
    IssuedCredential old = issue(database, CredentialScope.ADMIN);
    fixture.driver.deprovision(database);

    fixture.driver.provision(
        new ProvisionRequest(
            database.databaseName(), fixture.target, Baseline.DATA_PLANE, Map.of()));

    assertThatThrownBy(() -> connect(database, old).close()).isInstanceOf(SQLException.class);
    try (Connection connection = connect(database, issue(database, CredentialScope.ADMIN))) {
      assertThat(count(connection)).isZero();
    }
  }

  @Test
  void eightCredentialsIssuedConcurrentlyAllWorkAndRevokingHalfLeavesTheOtherHalf()
      throws Exception {
    DatabaseRef database = provision();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<IssuedCredential> credentials = new ArrayList<>();
    try {
      List<Future<IssuedCredential>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> issue(database, CredentialScope.READWRITE)));
      }
      for (Future<IssuedCredential> future : futures) {
        credentials.add(future.get(1, TimeUnit.MINUTES));
      }
      List<Future<?>> revocations = new ArrayList<>();
      for (IssuedCredential credential : credentials.subList(0, 4)) {
        revocations.add(
            pool.submit(() -> fixture.driver.revokeCredential(database, credential.username())));
      }
      for (Future<?> revocation : revocations) {
        revocation.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, Boolean> works = new HashMap<>();
    for (IssuedCredential credential : credentials) {
      boolean opened;
      try (Connection connection = connect(database, credential)) {
        opened = count(connection) >= 0;
      } catch (SQLException e) {
        opened = false;
      }
      works.put(credential.username(), opened);
    }
    for (int i = 0; i < 8; i++) {
      assertThat(works.get(credentials.get(i).username()))
          .as("credential %d works", i)
          .isEqualTo(i >= 4);
    }
  }
}
