package io.envprov.dataplane.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.jdbc.RoutingDataSource;
import io.envprov.dataplane.testing.Await;
import io.envprov.dataplane.testing.DataPlaneFixture;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import io.envprov.driver.spi.CredentialScope;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoolEvictionTest {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  private final DataPlaneFixture fixture = new DataPlaneFixture();
  private RoutingDataSource dataSource =
      new RoutingDataSource(
          fixture.credentials(), CredentialScope.READWRITE, PoolSettings.DEFAULTS);

  @AfterEach
  void close() {
    dataSource.close();
    fixture.close();
  }

  @Test
  void aPoolLeftIdleIsClosedAndItsConnectionsLeavePgStatActivity() throws Exception {
    dataSource.close();
    dataSource =
        new RoutingDataSource(
            fixture.credentials(),
            CredentialScope.READWRITE,
            PoolSettings.DEFAULTS.withIdleEviction(Duration.ofMillis(500)));
    PostgresEnvironment environment = fixture.environments.postgres();

    EnvironmentScope.call(environment.id(), this::selectOne);
    assertThat(fixture.postgres.sessionsOf(environment.database()))
        .containsExactly(environment.login());

    Await.until(
        "the idle pool's connections are gone from pg_stat_activity",
        LIMIT,
        () -> fixture.postgres.sessionsOf(environment.database()).isEmpty());
    assertThat(dataSource.openPools()).isZero();
  }

  @Test
  void aPoolInSteadyUseOutlivesItsIdleEvictionOnTheSameConnection() throws Exception {
    // Borrows record an access at most once per recording interval (here 500 ms / 16): steady use
    // must still count as use, or the pool would expire and be replaced while busy.
    dataSource.close();
    dataSource =
        new RoutingDataSource(
            fixture.credentials(),
            CredentialScope.READWRITE,
            PoolSettings.DEFAULTS.withIdleEviction(Duration.ofMillis(500)).withMaxPoolSize(1));
    PostgresEnvironment environment = fixture.environments.postgres();
    int firstBackend = EnvironmentScope.call(environment.id(), this::backendPid);

    long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < until) {
      assertThat(EnvironmentScope.call(environment.id(), this::backendPid))
          .as("the same pool and connection serve every borrow")
          .isEqualTo(firstBackend);
      Thread.sleep(50);
    }
    assertThat(dataSource.openPools()).isEqualTo(1);
  }

  @Test
  void beyondMaxPoolsEvictedPoolsAreClosedAndOnlyOpenPoolsHoldConnections() throws Exception {
    dataSource.close();
    dataSource =
        new RoutingDataSource(
            fixture.credentials(),
            CredentialScope.READWRITE,
            PoolSettings.DEFAULTS.withMaxPools(2));
    List<PostgresEnvironment> environments = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      PostgresEnvironment environment = fixture.environments.postgres();
      environments.add(environment);
      EnvironmentScope.call(environment.id(), this::selectOne);
    }

    Await.until(
        "at most two pools are open and evicted pools hold no connection",
        LIMIT,
        () ->
            dataSource.openPools() <= 2
                && environments.stream()
                    .allMatch(
                        e ->
                            fixture.postgres.sessionsOf(e.database()).size()
                                == dataSource.openConnections(e.id())));
    long connected =
        environments.stream()
            .filter(e -> !fixture.postgres.sessionsOf(e.database()).isEmpty())
            .count();
    assertThat(connected).isLessThanOrEqualTo(2);
  }

  @Test
  void anEvictedPoolKeepsABorrowedConnectionWorkingAndClosesOnceItIsReturned() throws Exception {
    PostgresEnvironment environment = fixture.environments.postgres();

    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(environment.id())) {
      Connection borrowed = dataSource.getConnection();
      dataSource.evict(environment.id());
      assertThat(selectOne(borrowed)).isEqualTo(1);
      assertThat(fixture.postgres.sessionsOf(environment.database())).hasSize(1);
      borrowed.close();
    }

    Await.until(
        "the retired pool's connection is gone from pg_stat_activity",
        LIMIT,
        () -> fixture.postgres.sessionsOf(environment.database()).isEmpty());
  }

  private int selectOne() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return selectOne(connection);
    }
  }

  private int backendPid() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static int selectOne(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
