package io.envprov.dataplane.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.credentials.BrokerErrorCode;
import io.envprov.dataplane.credentials.ConnectionBrokerException;
import io.envprov.dataplane.credentials.CredentialSettings;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.dataplane.testing.Await;
import io.envprov.dataplane.testing.DataPlaneFixture;
import io.envprov.driver.spi.CredentialScope;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the control plane restores an environment's database in place (its broker answers 503
 * {@code environment_restoring}), the data plane pauses rather than fails: the pool it holds keeps
 * serving, and a fetch asks again until the restore is over.
 */
class RestoringEnvironmentTest {

  @TempDir Path directory;

  private final DataPlaneFixture fixture = new DataPlaneFixture();
  private RoutingDataSource dataSource;

  @AfterEach
  void close() {
    if (dataSource != null) {
      dataSource.close();
    }
    fixture.close();
  }

  private RoutingDataSource dataSource(CredentialSettings settings) {
    dataSource =
        new RoutingDataSource(
            fixture.credentials(settings), CredentialScope.READWRITE, PoolSettings.DEFAULTS);
    return dataSource;
  }

  @Test
  void aPoolKeepsServingWithoutAskingTheBrokerWhileTheEnvironmentIsRestoring() throws Exception {
    UUID environment = fixture.environments.sqlite(directory);
    RoutingDataSource routing = dataSource(CredentialSettings.DEFAULTS);
    assertThat(EnvironmentScope.call(environment, () -> selectOne(routing))).isEqualTo(1);
    int fetches = fixture.controlPlane.fetches(environment);

    fixture.controlPlane.restoring(environment);

    for (int i = 0; i < 50; i++) {
      assertThat(EnvironmentScope.call(environment, () -> selectOne(routing))).isEqualTo(1);
    }
    assertThat(fixture.controlPlane.fetches(environment)).isEqualTo(fetches);
  }

  @Test
  void aFetchDuringARestoreAsksAgainAndConnectsOnceTheRestoreIsOver() throws Exception {
    UUID environment = fixture.environments.sqlite(directory);
    RoutingDataSource routing = dataSource(CredentialSettings.DEFAULTS);
    fixture.controlPlane.restoring(environment);

    CompletableFuture<Integer> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return EnvironmentScope.call(environment, () -> selectOne(routing));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Await.until(
        "the data plane asks the broker again",
        Duration.ofSeconds(20),
        () -> fixture.controlPlane.fetches(environment) >= 2);
    assertThat(waiting).isNotDone();

    fixture.controlPlane.resume(environment);

    assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void aRestoreLongerThanTheWaitFailsTheFetchWithTheBrokersReason() {
    UUID environment = fixture.environments.sqlite(directory);
    RoutingDataSource routing =
        dataSource(
            new CredentialSettings(
                100, Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ZERO));
    fixture.controlPlane.restoring(environment);

    assertThatThrownBy(() -> EnvironmentScope.call(environment, () -> selectOne(routing)))
        .isInstanceOfSatisfying(
            ConnectionBrokerException.class,
            e -> {
              assertThat(e.code()).isEqualTo(BrokerErrorCode.ENVIRONMENT_RESTORING);
              assertThat(e.code().waitable()).isTrue();
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            });
  }

  private static int selectOne(RoutingDataSource routing) throws Exception {
    try (Connection connection = routing.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
