package io.envprov.dataplane.pool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.envprov.dataplane.credentials.PoolKey;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open pools, one per environment and scope, created on first use. Size and idle time are
 * bounded (Caffeine: size-based eviction and expire-after-access, with a scheduler so that idle
 * pools close without further traffic). An evicted pool is closed as soon as no connection of it is
 * borrowed any more, or after the grace period at the latest.
 *
 * @param <P> the kind of pool
 */
public final class PoolCache<P extends ManagedPool> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PoolCache.class);
  private static final long RETIRE_POLL_MILLIS = 50;

  private final Cache<PoolKey, P> pools;
  private final ScheduledExecutorService housekeeping;
  private final Duration closeGracePeriod;

  /**
   * @param settings the limits
   * @param housekeeping where eviction and closing run
   */
  public PoolCache(PoolSettings settings, ScheduledExecutorService housekeeping) {
    this.housekeeping = Objects.requireNonNull(housekeeping, "housekeeping");
    this.closeGracePeriod = settings.closeGracePeriod();
    this.pools =
        Caffeine.newBuilder()
            .maximumSize(settings.maxPools())
            .expireAfterAccess(settings.idleEviction())
            .scheduler(Scheduler.forScheduledExecutorService(housekeeping))
            .executor(housekeeping)
            .removalListener(this::removed)
            .build();
  }

  /** The pool for {@code key}, created by {@code open} when there is none. */
  public P get(PoolKey key, Function<PoolKey, P> open) {
    return pools.get(key, open);
  }

  /** The pool for {@code key} if one is open. */
  public @Nullable P getIfPresent(PoolKey key) {
    return pools.getIfPresent(key);
  }

  /** Evicts {@code key}'s pool, if any; it is closed once its connections are back. */
  public void evict(PoolKey key) {
    pools.invalidate(key);
  }

  /** How many pools are open now (after pending evictions). */
  public long size() {
    pools.cleanUp();
    return pools.estimatedSize();
  }

  private void removed(@Nullable PoolKey key, @Nullable P pool, RemovalCause cause) {
    if (pool != null) {
      log.debug("Retiring the pool of {} ({})", key, cause);
      retire(pool, System.nanoTime() + closeGracePeriod.toNanos());
    }
  }

  private void retire(P pool, long deadline) {
    if (pool.isClosed()) {
      return;
    }
    if (pool.borrowedConnections() == 0 || System.nanoTime() - deadline >= 0) {
      try {
        pool.close();
      } catch (RuntimeException e) {
        log.warn("Closing a retired pool failed", e);
      }
      return;
    }
    housekeeping.schedule(() -> retire(pool, deadline), RETIRE_POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Closes every pool now. */
  @Override
  public void close() {
    for (P pool : pools.asMap().values()) {
      pool.close();
    }
    pools.invalidateAll();
  }
}
