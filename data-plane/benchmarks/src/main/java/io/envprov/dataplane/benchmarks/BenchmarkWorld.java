package io.envprov.dataplane.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.envprov.dataplane.credentials.CredentialSettings;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.HttpConnectionBroker;
import io.envprov.dataplane.jdbc.RoutingDataSource;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.dataplane.testing.ControlPlaneDouble;
import io.envprov.dataplane.testing.Environments;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import io.envprov.dataplane.testing.PostgresServer;
import io.envprov.driver.spi.CredentialScope;
import java.time.Clock;
import java.time.Duration;

/**
 * What every benchmark runs against: an embedded PostgreSQL with password checks, the control-plane
 * double serving its environments, a routing DataSource and, as the baseline, a plain HikariCP pool
 * on the same database with the same login and pool size.
 */
final class BenchmarkWorld implements AutoCloseable {

  static final int POOL_SIZE = 4;

  final PostgresServer postgres = PostgresServer.start();
  final ControlPlaneDouble controlPlane = ControlPlaneDouble.start();
  final Environments environments = new Environments(postgres, controlPlane);
  final CredentialStore credentials =
      new CredentialStore(
          new HttpConnectionBroker(
              controlPlane.url(), controlPlane.serviceToken(), Duration.ofSeconds(10)),
          CredentialSettings.DEFAULTS,
          Clock.systemUTC());
  final RoutingDataSource routed;

  BenchmarkWorld(PoolSettings settings) {
    routed = new RoutingDataSource(credentials, CredentialScope.READWRITE, settings);
  }

  BenchmarkWorld() {
    this(PoolSettings.DEFAULTS.withMaxPoolSize(POOL_SIZE));
  }

  /** The baseline: HikariCP straight on {@code environment}'s database and login. */
  HikariDataSource direct(PostgresEnvironment environment, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.url(environment.database()));
    config.setUsername(environment.login());
    config.setPassword(environment.password());
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(0);
    config.setPoolName("direct-" + environment.database());
    return new HikariDataSource(config);
  }

  @Override
  public void close() {
    routed.close();
    controlPlane.close();
    postgres.close();
  }
}
