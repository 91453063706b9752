package io.envprov.dataplane.r2dbc;

import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.dataplane.pool.ManagedPool;
import io.envprov.dataplane.pool.PoolSettings;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Mono;

/** One PostgreSQL environment's r2dbc-pool. */
final class R2dbcPool implements ManagedPool {

  private final ConnectionPool pool;

  private R2dbcPool(ConnectionPool pool) {
    this.pool = pool;
  }

  static R2dbcPool open(PoolKey key, CredentialStore credentials, PoolSettings settings) {
    ConnectionPoolConfiguration configuration =
        ConnectionPoolConfiguration.builder(
                new CredentialedPostgresConnectionFactory(
                    key, credentials, settings.connectionTimeout()))
            .name("dataplane-" + key.environmentId() + "-" + key.scopeParameter())
            .initialSize(0)
            .minIdle(settings.minIdle())
            .maxSize(settings.maxPoolSize())
            .maxAcquireTime(settings.connectionTimeout())
            .maxIdleTime(settings.idleTimeout())
            .maxLifeTime(settings.maxLifetime())
            .build();
    return new R2dbcPool(new ConnectionPool(configuration));
  }

  Mono<Connection> create() {
    return pool.create();
  }

  @Override
  public int borrowedConnections() {
    return pool.getMetrics().map(PoolMetrics::acquiredSize).orElse(0);
  }

  @Override
  public boolean isClosed() {
    return pool.isDisposed();
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
