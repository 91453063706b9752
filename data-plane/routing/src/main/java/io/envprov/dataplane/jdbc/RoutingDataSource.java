package io.envprov.dataplane.jdbc;

import io.envprov.dataplane.binding.EnvironmentBinding;
import io.envprov.dataplane.binding.NoEnvironmentBoundException;
import io.envprov.dataplane.credentials.ConnectionBrokerException;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.dataplane.pool.Housekeeping;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.dataplane.pool.RoutedPools;
import io.envprov.driver.spi.CredentialScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;

/**
 * A {@link DataSource} whose connections come from the database of the environment bound to the
 * calling thread ({@link EnvironmentBinding}), through one lazily created HikariCP pool per
 * environment and scope. Works with every JDBC driver on the class path that accepts the broker's
 * JDBC URL. The scope is the data source's, narrowed to the bound session's ({@link
 * EnvironmentBinding#effectiveScope}): a read-only session gets {@code readonly} connections.
 *
 * <p>A connection of one environment is never handed out for another: each environment has its own
 * pool, and the binding is read once, when the connection is borrowed. With no environment bound,
 * {@link #getConnection()} throws {@link NoEnvironmentBoundException}: there is no fallback
 * database.
 */
public final class RoutingDataSource extends DataSourceBase implements AutoCloseable {

  private static final int ATTEMPTS = 3;

  private final ThreadFactory connectionThreads;
  private final RoutedPools<JdbcPool> pools;

  /**
   * @param credentials where each environment's connection facts come from
   * @param scope the scope of the credentials this data source connects with
   * @param settings the pool limits
   */
  public RoutingDataSource(
      CredentialStore credentials, CredentialScope scope, PoolSettings settings) {
    Objects.requireNonNull(credentials, "credentials");
    String name =
        "dataplane-jdbc-"
            + Objects.requireNonNull(scope, "scope").name().toLowerCase(java.util.Locale.ROOT);
    this.connectionThreads = Housekeeping.threads(name + "-connector");
    this.pools =
        new RoutedPools<>(credentials, scope, settings, name + "-housekeeping", this::open);
  }

  /**
   * A connection to the bound environment's database.
   *
   * @throws NoEnvironmentBoundException when no environment is bound
   * @throws ConnectionBrokerException when the control plane serves no connection for it
   * @throws SQLException when its database refuses or no connection is free in time
   */
  @Override
  public Connection getConnection() throws SQLException {
    // A session's scope narrows this data source's: a read-only session connects read-only.
    PoolKey key = EnvironmentBinding.requireKey(pools.scope());
    for (int attempt = 1; ; attempt++) {
      JdbcPool pool = pool(key);
      try {
        return pool.getConnection();
      } catch (SQLException e) {
        // An evicted pool closes once idle; a borrower that raced with that takes a new one.
        if (!pool.isClosed() || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private JdbcPool pool(PoolKey key) {
    JdbcPool pool = pools.ready(key);
    if (pool != null) {
      return pool;
    }
    pools.credentials().current(key);
    return pools.opened(key);
  }

  private JdbcPool open(PoolKey key) {
    return JdbcPool.open(
        key, pools.credentials(), pools.settings(), pools.housekeeping(), connectionThreads);
  }

  /** The scope this data source connects with (narrowed by a bound session's scope). */
  public CredentialScope scope() {
    return pools.scope();
  }

  /** How many environments' pools are open now. */
  public long openPools() {
    return pools.size();
  }

  /**
   * How many physical connections {@code environmentId}'s pools hold now (0 if none is open): one
   * per scope its sessions connected with.
   */
  public int openConnections(UUID environmentId) {
    int open = 0;
    for (CredentialScope each : CredentialScope.values()) {
      JdbcPool pool = pools.peek(new PoolKey(environmentId, each));
      open += pool == null || pool.isClosed() ? 0 : pool.openConnections();
    }
    return open;
  }

  /** Closes {@code environmentId}'s pools once their borrowed connections are back. */
  public void evict(UUID environmentId) {
    for (CredentialScope each : CredentialScope.values()) {
      pools.evict(new PoolKey(environmentId, each));
    }
  }

  /** Closes every pool and the housekeeping threads. */
  @Override
  public void close() {
    pools.close();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "a routing data source connects with each environment's credential from the control plane");
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // Bounded by the pool's connection timeout instead.
  }

  @Override
  public int getLoginTimeout() {
    return (int) pools.settings().connectionTimeout().toSeconds();
  }

  @Override
  public String toString() {
    return "RoutingDataSource[" + pools.scope().name().toLowerCase(java.util.Locale.ROOT) + "]";
  }
}
