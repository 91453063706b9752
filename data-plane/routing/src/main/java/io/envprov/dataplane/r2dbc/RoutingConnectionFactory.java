package io.envprov.dataplane.r2dbc;

import io.envprov.dataplane.binding.NoEnvironmentBoundException;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.dataplane.pool.RoutedPools;
import io.envprov.dataplane.reactive.ReactorBinding;
import io.envprov.driver.spi.CredentialScope;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * An R2DBC {@link ConnectionFactory} whose connections come from the database of the environment in
 * the subscriber's context ({@link ReactorBinding#bind}), through one lazily created pool per
 * PostgreSQL environment. With no environment bound, {@link #create()} signals {@link
 * NoEnvironmentBoundException}.
 */
public final class RoutingConnectionFactory implements ConnectionFactory, AutoCloseable {

  private final RoutedPools<R2dbcPool> pools;

  /**
   * @param credentials where each environment's connection facts come from
   * @param scope the scope of the credentials this factory connects with
   * @param settings the pool limits
   */
  public RoutingConnectionFactory(
      CredentialStore credentials, CredentialScope scope, PoolSettings settings) {
    this.pools =
        new RoutedPools<>(
            credentials,
            scope,
            settings,
            "dataplane-r2dbc-housekeeping",
            key -> R2dbcPool.open(key, credentials, settings));
  }

  @Override
  public Mono<Connection> create() {
    return Mono.deferContextual(
        context -> {
          Optional<UUID> environment = ReactorBinding.environment(context);
          if (environment.isEmpty()) {
            return Mono.error(new NoEnvironmentBoundException());
          }
          // A session's scope narrows this factory's: a read-only session connects read-only.
          PoolKey key =
              new PoolKey(environment.get(), ReactorBinding.effectiveScope(context, pools.scope()));
          return pool(key).flatMap(R2dbcPool::create);
        });
  }

  private Mono<R2dbcPool> pool(PoolKey key) {
    R2dbcPool pool = pools.ready(key);
    if (pool != null) {
      return Mono.just(pool);
    }
    return Mono.fromFuture(() -> pools.credentials().currentAsync(key))
        .map(facts -> pools.opened(key));
  }

  /** How many environments' pools are open now. */
  public long openPools() {
    return pools.size();
  }

  @Override
  public ConnectionFactoryMetadata getMetadata() {
    return PostgresMetadata.INSTANCE;
  }

  /** Closes every pool and the housekeeping threads. */
  @Override
  public void close() {
    pools.close();
  }
}
