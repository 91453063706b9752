package io.envprov.dataplane.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.credentials.ConnectionFacts;
import io.envprov.dataplane.credentials.CredentialSettings;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.dataplane.testing.Await;
import io.envprov.dataplane.testing.DataPlaneFixture;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import io.envprov.dataplane.testing.PostgresServer;
import io.envprov.driver.spi.CredentialScope;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CredentialRotationTest {

  private final DataPlaneFixture fixture = new DataPlaneFixture();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
    fixture.close();
  }

  private RoutingDataSource dataSource(CredentialStore credentials, PoolSettings settings) {
    RoutingDataSource dataSource =
        new RoutingDataSource(credentials, CredentialScope.READWRITE, settings);
    closeables.add(dataSource);
    return dataSource;
  }

  @Test
  void aRejectedCredentialIsFetchedAgainOnceAndTheConnectionThenSucceedsWithTheNewOne()
      throws Exception {
    RoutingDataSource dataSource = dataSource(fixture.credentials(), PoolSettings.DEFAULTS);
    PostgresEnvironment original = fixture.environments.postgres();
    EnvironmentScope.call(original.id(), () -> sessionUser(dataSource));
    assertThat(fixture.controlPlane.fetches(original.id())).isEqualTo(1);

    PostgresEnvironment rotated = fixture.environments.rotate(original);
    fixture.postgres.changePassword(original.login(), PostgresServer.randomSecret());
    dataSource.evict(original.id());
    Await.until("the pool is closed", Duration.ofSeconds(30), () -> dataSource.openPools() == 0);

    String user = EnvironmentScope.call(original.id(), () -> sessionUser(dataSource));

    assertThat(user).isEqualTo(rotated.login());
    assertThat(fixture.controlPlane.fetches(original.id())).isEqualTo(2);
  }

  @Test
  void aCredentialRejectedAgainAfterTheRefetchSurfacesAsAnSqlExceptionThatNeverShowsTheSecret() {
    CredentialStore credentials =
        fixture.credentials(
            new CredentialSettings(100, Duration.ofMinutes(5), Duration.ofMinutes(5)));
    RoutingDataSource dataSource =
        dataSource(credentials, PoolSettings.DEFAULTS.withConnectionTimeout(Duration.ofSeconds(3)));
    PostgresEnvironment environment = fixture.environments.postgres();
    String wrongSecret = "wrong-" + PostgresServer.randomSecret();
    ConnectionFacts real = environment.facts(fixture.postgres);
    fixture.controlPlane.serve(
        new ConnectionFacts(
            real.environmentId(),
            real.driver(),
            real.jdbcUrl(),
            real.username(),
            wrongSecret,
            real.credentialId(),
            null,
            real.properties()));

    assertThatThrownBy(() -> EnvironmentScope.call(environment.id(), () -> sessionUser(dataSource)))
        .isInstanceOf(SQLException.class)
        .satisfies(
            e -> {
              String everything = describe(e);
              assertThat(everything).contains("rejected again").contains("28P01");
              assertThat(everything).doesNotContain(wrongSecret);
            });
    assertThat(fixture.controlPlane.fetches(environment.id())).isEqualTo(2);
  }

  @Test
  void aRotatedCredentialReachesNewConnectionsWhileConnectionsOfTheOldOneLiveOn() throws Exception {
    CredentialStore credentials =
        fixture.credentials(
            new CredentialSettings(100, Duration.ofMillis(200), Duration.ofSeconds(5)));
    RoutingDataSource dataSource = dataSource(credentials, PoolSettings.DEFAULTS);
    PostgresEnvironment original = fixture.environments.postgres();
    UUID id = original.id();

    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(id);
        Connection old = dataSource.getConnection()) {
      assertThat(sessionUser(old)).isEqualTo(original.login());
      PostgresEnvironment rotated = fixture.environments.rotate(original);
      PoolKey key = new PoolKey(id, CredentialScope.READWRITE);
      Await.until(
          "the store serves the rotated credential",
          Duration.ofSeconds(30),
          () -> credentials.current(key).credentialId().equals(rotated.credentialId()));
      fixture.environments.retire(original);

      try (Connection fresh = dataSource.getConnection()) {
        assertThat(sessionUser(fresh)).isEqualTo(rotated.login());
      }
      assertThat(query(old, "SELECT current_database()"))
          .as("the old login's session lives on after its role is dropped")
          .isEqualTo(original.database());
      assertThat(dataSource.openPools()).as("the pool was never restarted").isEqualTo(1);
    }
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n');
      if (t instanceof SQLException sql && sql.getNextException() != null) {
        text.append(sql.getNextException()).append('\n');
      }
    }
    return text.toString();
  }

  private static String sessionUser(RoutingDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return sessionUser(connection);
    }
  }

  private static String sessionUser(Connection connection) throws SQLException {
    return query(connection, "SELECT session_user");
  }

  private static String query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
