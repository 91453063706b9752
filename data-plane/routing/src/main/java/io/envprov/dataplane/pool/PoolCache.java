package io.envprov.dataplane.pool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.envprov.dataplane.credentials.PoolKey;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
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
 * <p>A lookup on the borrow path ({@link #getIfPresent}) reads the cache without Caffeine's
 * per-read bookkeeping, and records an access (recency, frequency, idle time) at most once per
 * {@linkplain #recordingInterval recording interval} per pool: replaying every borrow into the
 * eviction policy cost more than the borrow itself. Idle eviction is then exact to within that
 * interval (a pool last used at {@code t} closes between {@code t + idleEviction - interval} and
 * {@code t + idleEviction}), and frequency counts the intervals a pool was used in.
 *
 * @param <P> the kind of pool
 */
public final class PoolCache<P extends ManagedPool> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PoolCache.class);
  private static final long RETIRE_POLL_MILLIS = 50;
  private static final Duration MAX_RECORDING_INTERVAL = Duration.ofSeconds(1);

  private final Cache<PoolKey, Entry<P>> pools;
  private final Policy<PoolKey, Entry<P>> policy;
  private final ScheduledExecutorService housekeeping;
  private final Duration closeGracePeriod;
  private final long recordingIntervalNanos;

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
            // Maintenance (replaying recorded accesses into the policy, evicting) runs on the
            // calling thread, under Caffeine's try-lock: handing it to the housekeeping executor
            // woke that thread every few borrows, which the profile of a routed borrow showed as
            // its largest cost. Closing a removed pool still runs there (see removed).
            .executor(Runnable::run)
            .removalListener(this::removed)
            .build();
    this.policy = pools.policy();
    this.recordingIntervalNanos = recordingInterval(settings.idleEviction()).toNanos();
  }

  /** How often a pool in use records an access at most: 1/16 of the idle eviction, 1 s at most. */
  static Duration recordingInterval(Duration idleEviction) {
    Duration sixteenth = idleEviction.dividedBy(16);
    return sixteenth.compareTo(MAX_RECORDING_INTERVAL) < 0 ? sixteenth : MAX_RECORDING_INTERVAL;
  }

  /** The pool for {@code key}, created by {@code open} when there is none. */
  public P get(PoolKey key, Function<PoolKey, P> open) {
    return pools.get(key, k -> new Entry<>(open.apply(k), System.nanoTime())).pool;
  }

  /**
   * The pool for {@code key} if one is open (not evicted, not expired). Records an access if the
   * pool recorded none within the recording interval.
   */
  public @Nullable P getIfPresent(PoolKey key) {
    Entry<P> entry = policy.getIfPresentQuietly(key);
    if (entry == null) {
      return null;
    }
    long now = System.nanoTime();
    long recorded = entry.recordedAt;
    // One borrower per interval records; the others go on without touching the policy.
    if (now - recorded >= recordingIntervalNanos
        && Entry.RECORDED_AT.compareAndSet(entry, recorded, now)) {
      pools.getIfPresent(key);
    }
    return entry.pool;
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

  private void removed(@Nullable PoolKey key, @Nullable Entry<P> entry, RemovalCause cause) {
    if (entry != null) {
      P pool = entry.pool;
      log.debug("Retiring the pool of {} ({})", key, cause);
      long deadline = System.nanoTime() + closeGracePeriod.toNanos();
      // Off the borrower's thread: closing a pool closes its connections.
      try {
        housekeeping.execute(() -> retire(pool, deadline));
      } catch (RejectedExecutionException e) {
        closeQuietly(pool); // shutting down
      }
    }
  }

  private void retire(P pool, long deadline) {
    if (pool.isClosed()) {
      return;
    }
    if (pool.borrowedConnections() == 0 || System.nanoTime() - deadline >= 0) {
      closeQuietly(pool);
      return;
    }
    housekeeping.schedule(() -> retire(pool, deadline), RETIRE_POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static void closeQuietly(ManagedPool pool) {
    try {
      pool.close();
    } catch (RuntimeException e) {
      log.warn("Closing a retired pool failed", e);
    }
  }

  /** Closes every pool now. */
  @Override
  public void close() {
    for (Entry<P> entry : pools.asMap().values()) {
      entry.pool.close();
    }
    pools.invalidateAll();
  }

  /** A pool and when an access to it was last recorded in the eviction policy. */
  private static final class Entry<P> {
    @SuppressWarnings("rawtypes")
    static final AtomicLongFieldUpdater<Entry> RECORDED_AT =
        AtomicLongFieldUpdater.newUpdater(Entry.class, "recordedAt");

    final P pool;
    volatile long recordedAt;

    Entry(P pool, long recordedAt) {
      this.pool = pool;
      this.recordedAt = recordedAt;
    }
  }
}
