package io.envprov.dataplane.pool;

import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.driver.spi.CredentialScope;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The pools behind one routing component (the JDBC {@code RoutingDataSource}, the R2DBC {@code
 * RoutingConnectionFactory}): where connection facts come from, the scope it connects with, the
 * limits, the {@link PoolCache} and the housekeeping threads that serve it.
 *
 * @param <P> the kind of pool
 */
public final class RoutedPools<P extends ManagedPool> implements AutoCloseable {

  private final CredentialStore credentials;
  private final CredentialScope scope;
  private final PoolSettings settings;
  private final ScheduledThreadPoolExecutor housekeeping;
  private final PoolCache<P> cache;
  private final Function<PoolKey, P> open;

  /**
   * @param credentials where each environment's connection facts come from
   * @param scope the scope of the credentials the component connects with
   * @param settings the pool limits
   * @param housekeepingThreads the name prefix of the housekeeping threads
   * @param open opens the pool of a key, once per pool
   */
  public RoutedPools(
      CredentialStore credentials,
      CredentialScope scope,
      PoolSettings settings,
      String housekeepingThreads,
      Function<PoolKey, P> open) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.open = Objects.requireNonNull(open, "open");
    this.housekeeping = Housekeeping.executor(housekeepingThreads);
    this.cache = new PoolCache<>(settings, housekeeping);
  }

  public CredentialStore credentials() {
    return credentials;
  }

  /** The scope the component connects with (narrowed by a bound session's scope). */
  public CredentialScope scope() {
    return scope;
  }

  public PoolSettings settings() {
    return settings;
  }

  /** Where the pools' own background work may run too. */
  public ScheduledExecutorService housekeeping() {
    return housekeeping;
  }

  /** The open pool of {@code key}, marked used: the borrow path; null when none is open. */
  public @Nullable P ready(PoolKey key) {
    P pool = cache.getIfPresent(key);
    return pool != null && !pool.isClosed() ? pool : null;
  }

  /**
   * The pool of {@code key}, opened when there is none or when the one there has closed (evicted
   * and retired meanwhile). Callers ask the broker first, so that an unknown or inactive
   * environment fails with the broker's reason instead of timing out in a new pool.
   */
  public P opened(PoolKey key) {
    P pool = cache.get(key, open);
    if (pool.isClosed()) {
      cache.evict(key);
      pool = cache.get(key, open);
    }
    return pool;
  }

  /** The pool of {@code key} if one is open, not marked used: for looking, not borrowing. */
  public @Nullable P peek(PoolKey key) {
    return cache.peek(key);
  }

  /** Evicts {@code key}'s pool, if any; it is closed once its connections are back. */
  public void evict(PoolKey key) {
    cache.evict(key);
  }

  /** How many pools are open now. */
  public long size() {
    return cache.size();
  }

  /** Closes every pool and the housekeeping threads. */
  @Override
  public void close() {
    cache.close();
    housekeeping.shutdown();
    try {
      housekeeping.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
