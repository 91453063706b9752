package io.envprov.dataplane.pool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.envprov.dataplane.credentials.PoolKey;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
 * <p>The borrow path ({@link #getIfPresent}) does not go through Caffeine: it reads a plain map of
 * the open pools, which Caffeine's loader fills and its removal listener empties, and marks the
 * pool used. Every {@linkplain #recordingInterval recording interval} the housekeeping thread
 * records one access in Caffeine's policy (recency, frequency, idle time) for each pool marked
 * since. Replaying every borrow into the policy, and reading the clock for it, cost more than the
 * borrow itself (see {@code data-plane/benchmarks/PROFILE.md}). So idle eviction is late by up to
 * one interval (1/16 of {@code idleEviction}, 1 s at most), and frequency counts the intervals a
 * pool was used in.
 *
 * @param <P> the kind of pool
 */
public final class PoolCache<P extends ManagedPool> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PoolCache.class);
  private static final long RETIRE_POLL_MILLIS = 50;
  private static final Duration MAX_RECORDING_INTERVAL = Duration.ofSeconds(1);

  private final Cache<PoolKey, Entry<P>> policy;
  // The pools Caffeine holds: added by its loader, removed by its removal listener.
  private final Map<PoolKey, Entry<P>> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService housekeeping;
  private final Duration closeGracePeriod;
  private final ScheduledFuture<?> recording;

  /**
   * @param settings the limits
   * @param housekeeping where eviction, recording use and closing run
   */
  public PoolCache(PoolSettings settings, ScheduledExecutorService housekeeping) {
    this.housekeeping = Objects.requireNonNull(housekeeping, "housekeeping");
    this.closeGracePeriod = settings.closeGracePeriod();
    this.policy =
        Caffeine.newBuilder()
            .maximumSize(settings.maxPools())
            .expireAfterAccess(settings.idleEviction())
            .scheduler(Scheduler.forScheduledExecutorService(housekeeping))
            // Maintenance runs on the thread that triggers it (a loader, the recorder, the
            // scheduler), under Caffeine's try-lock; closing a removed pool runs on housekeeping.
            .executor(Runnable::run)
            .removalListener(this::removed)
            .build();
    long interval = recordingInterval(settings.idleEviction()).toNanos();
    this.recording =
        housekeeping.scheduleWithFixedDelay(
            this::recordUse, interval, interval, TimeUnit.NANOSECONDS);
  }

  /** How often the use of pools is recorded: 1/16 of the idle eviction, 1 s at most. */
  static Duration recordingInterval(Duration idleEviction) {
    Duration sixteenth = idleEviction.dividedBy(16);
    return sixteenth.compareTo(MAX_RECORDING_INTERVAL) < 0 ? sixteenth : MAX_RECORDING_INTERVAL;
  }

  /** The pool for {@code key}, created by {@code open} when there is none. */
  public P get(PoolKey key, Function<PoolKey, P> open) {
    return policy.get(
            key,
            k -> {
              Entry<P> entry = new Entry<>(open.apply(k));
              this.open.put(k, entry);
              return entry;
            })
        .pool;
  }

  /** The pool for {@code key} if one is open, marked used; no clock, no lock, no allocation. */
  public @Nullable P getIfPresent(PoolKey key) {
    Entry<P> entry = open.get(key);
    if (entry == null) {
      return null;
    }
    // Written only when not yet marked: borrowers on other cores keep reading a shared line.
    if (!entry.used) {
      entry.used = true;
    }
    return entry.pool;
  }

  /** The pool for {@code key} if one is open, not marked used: for looking, not borrowing. */
  public @Nullable P peek(PoolKey key) {
    Entry<P> entry = open.get(key);
    return entry == null ? null : entry.pool;
  }

  /** Records one access per pool used since the last time. */
  private void recordUse() {
    try {
      for (Map.Entry<PoolKey, Entry<P>> each : open.entrySet()) {
        Entry<P> entry = each.getValue();
        if (entry.used) {
          entry.used = false;
          policy.getIfPresent(each.getKey());
        }
      }
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again.
      log.warn("Recording the use of pools failed", e);
    }
  }

  /** Evicts {@code key}'s pool, if any; it is closed once its connections are back. */
  public void evict(PoolKey key) {
    policy.invalidate(key);
  }

  /** How many pools are open now (after pending evictions). */
  public long size() {
    policy.cleanUp();
    return policy.estimatedSize();
  }

  private void removed(@Nullable PoolKey key, @Nullable Entry<P> entry, RemovalCause cause) {
    if (key == null || entry == null) {
      return;
    }
    // Only this entry: a new pool for the same key may already be in place.
    open.remove(key, entry);
    P pool = entry.pool;
    log.debug("Retiring the pool of {} ({})", key, cause);
    long deadline = System.nanoTime() + closeGracePeriod.toNanos();
    // Off the calling thread: closing a pool closes its connections.
    try {
      housekeeping.execute(() -> retire(pool, deadline));
    } catch (RejectedExecutionException e) {
      closeQuietly(pool); // shutting down
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
    recording.cancel(false);
    for (Entry<P> entry : policy.asMap().values()) {
      entry.pool.close();
    }
    policy.invalidateAll();
    open.clear();
  }

  /** A pool and whether it was borrowed from since its use was last recorded. */
  private static final class Entry<P> {
    final P pool;
    volatile boolean used;

    Entry(P pool) {
      this.pool = pool;
    }
  }
}
