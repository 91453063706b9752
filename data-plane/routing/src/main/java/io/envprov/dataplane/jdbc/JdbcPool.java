package io.envprov.dataplane.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.dataplane.pool.ManagedPool;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.driver.spi.CredentialScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/** One environment's HikariCP pool over its {@link CredentialedDataSource}. */
final class JdbcPool implements ManagedPool {

  private final HikariDataSource hikari;

  private JdbcPool(HikariDataSource hikari) {
    this.hikari = hikari;
  }

  static JdbcPool open(
      PoolKey key,
      CredentialStore credentials,
      PoolSettings settings,
      ScheduledExecutorService housekeeping,
      ThreadFactory threads) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("dataplane-" + key.environmentId() + "-" + key.scopeParameter());
    config.setDataSource(new CredentialedDataSource(key, credentials));
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(settings.minIdle());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setIdleTimeout(settings.idleTimeout().toMillis());
    config.setMaxLifetime(settings.maxLifetime().toMillis());
    // Lazy: the first borrower makes the first connection; the routing DataSource has already
    // checked with the broker that the environment is routable.
    config.setInitializationFailTimeout(-1);
    // The pool sets every new connection's read-only flag to this; a readonly SQLite connection
    // refuses to be set read-write ("cannot change read-only flag"), and elsewhere it is a hint.
    config.setReadOnly(key.scope() == CredentialScope.READONLY);
    // One housekeeping thread for all pools rather than one per pool.
    config.setScheduledExecutor(housekeeping);
    config.setThreadFactory(threads);
    return new JdbcPool(new HikariDataSource(config));
  }

  Connection getConnection() throws SQLException {
    return hikari.getConnection();
  }

  @Override
  public int borrowedConnections() {
    HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
    return pool == null ? 0 : pool.getActiveConnections();
  }

  /** Open physical connections, borrowed or idle. */
  int openConnections() {
    HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
    return pool == null ? 0 : pool.getTotalConnections();
  }

  @Override
  public boolean isClosed() {
    return hikari.isClosed();
  }

  @Override
  public void close() {
    hikari.close();
  }
}
