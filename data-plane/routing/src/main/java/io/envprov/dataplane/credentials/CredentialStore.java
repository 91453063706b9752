package io.envprov.dataplane.credentials;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The connection facts of every environment the data plane knows, fetched from the broker on first
 * use and read each time a pool opens a new physical connection. So a rotation reaches new
 * connections without restarting a pool, by either path:
 *
 * <ul>
 *   <li>refresh: facts older than the refresh interval are fetched again in the background while
 *       the cached ones go on serving; facts are dropped shortly before their credential expires;
 *   <li>{@link #refetch}: after an authentication failure with a credential, its facts are fetched
 *       again, once for all the connections that failed with that same credential.
 * </ul>
 *
 * <p>While an environment's database is restored in place or reset, the broker answers {@code
 * environment_restoring}: a pause, not a refusal. A fetch then asks again as often as the broker's
 * {@code Retry-After} says, for {@link CredentialSettings#restoringWait()} at most, and callers
 * wait for it; facts already known keep serving (a failed background refresh keeps them), so pools
 * go on using and opening connections with them. Afterwards the same database and logins serve.
 */
public final class CredentialStore {

  /** Facts are dropped this long before their credential's {@code expires_at}. */
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

  /** How long to pause when the broker asks to wait without saying how long. */
  private static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);

  private final ConnectionBroker broker;
  private final Duration restoringWait;
  private final AsyncLoadingCache<PoolKey, ConnectionFacts> facts;
  // Present while a refetch after an authentication failure is recent: no second one then.
  private final Cache<PoolKey, Boolean> recentRefetches;

  /**
   * @param broker where facts come from
   * @param settings how many environments to remember and how often to refresh
   * @param clock the clock that {@code expires_at} is compared with
   */
  public CredentialStore(ConnectionBroker broker, CredentialSettings settings, Clock clock) {
    this.broker = Objects.requireNonNull(broker, "broker");
    this.restoringWait = settings.restoringWait();
    this.facts =
        Caffeine.newBuilder()
            .maximumSize(settings.maxKnownEnvironments())
            .refreshAfterWrite(settings.refreshInterval())
            .expireAfter(new UntilExpiry(clock))
            .buildAsync((key, executor) -> fetch(key));
    this.recentRefetches =
        Caffeine.newBuilder()
            .maximumSize(settings.maxKnownEnvironments())
            .expireAfterWrite(settings.minRefetchInterval())
            .build();
  }

  /** The facts for {@code key}, fetched if not known yet. */
  public CompletableFuture<ConnectionFacts> currentAsync(PoolKey key) {
    return facts.get(key);
  }

  /**
   * The facts for {@code key}, fetched if not known yet.
   *
   * @throws ConnectionBrokerException when the broker serves none
   */
  public ConnectionFacts current(PoolKey key) {
    return await(currentAsync(key));
  }

  /**
   * Facts to use after {@code failedCredentialId} failed to authenticate: the cached ones if they
   * already name another credential, a fetch is in flight or one was made within the minimum
   * refetch interval; else freshly fetched ones.
   */
  public CompletableFuture<ConnectionFacts> refetchAsync(PoolKey key, String failedCredentialId) {
    return facts
        .asMap()
        .compute(
            key,
            (ignored, cached) -> {
              if (cached != null
                  && (!stale(cached, failedCredentialId)
                      || recentRefetches.getIfPresent(key) != null)) {
                return cached;
              }
              recentRefetches.put(key, Boolean.TRUE);
              return fetch(key);
            });
  }

  /** As {@link #refetchAsync}, waiting for the facts. */
  public ConnectionFacts refetch(PoolKey key, String failedCredentialId) {
    return await(refetchAsync(key, failedCredentialId));
  }

  /** Forgets {@code key}'s facts; the next use fetches them again. */
  public void forget(PoolKey key) {
    facts.synchronous().invalidate(key);
  }

  /** How many environments' facts are cached now. */
  public long size() {
    return facts.synchronous().estimatedSize();
  }

  /** The broker's facts, asked for again while the environment is being restored. */
  private CompletableFuture<ConnectionFacts> fetch(PoolKey key) {
    return fetchUntil(key, System.nanoTime() + restoringWait.toNanos());
  }

  private CompletableFuture<ConnectionFacts> fetchUntil(PoolKey key, long deadline) {
    return broker
        .fetch(key)
        .exceptionallyCompose(
            failure -> {
              ConnectionBrokerException refused = brokerFailure(failure);
              long left = deadline - System.nanoTime();
              if (refused == null || !refused.code().waitable() || left <= 0) {
                return CompletableFuture.failedFuture(failure);
              }
              Duration asked = refused.retryAfter() == null ? DEFAULT_PAUSE : refused.retryAfter();
              long pause = Math.max(1, Math.min(left, asked.toNanos()));
              return CompletableFuture.runAsync(
                      () -> {}, CompletableFuture.delayedExecutor(pause, TimeUnit.NANOSECONDS))
                  .thenCompose(ignored -> fetchUntil(key, deadline));
            });
  }

  private static @Nullable ConnectionBrokerException brokerFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectionBrokerException refused) {
        return refused;
      }
    }
    return null;
  }

  private static boolean stale(CompletableFuture<ConnectionFacts> cached, String failedId) {
    if (!cached.isDone()) {
      return false;
    }
    if (cached.isCompletedExceptionally()) {
      return true;
    }
    return cached.join().credentialId().equals(failedId);
  }

  private static ConnectionFacts await(CompletableFuture<ConnectionFacts> future) {
    try {
      return future.get();
    } catch (ExecutionException | CompletionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching connection facts", e);
    }
  }

  private static RuntimeException unwrap(Exception e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException("connection facts unavailable", cause);
  }

  /** Facts expire a margin before their credential; facts of credentials that never expire stay. */
  private static final class UntilExpiry implements Expiry<PoolKey, ConnectionFacts> {
    private final Clock clock;

    UntilExpiry(Clock clock) {
      this.clock = clock;
    }

    private long nanosLeft(ConnectionFacts value) {
      Instant expiresAt = value.expiresAt();
      if (expiresAt == null) {
        return Long.MAX_VALUE;
      }
      Duration left = Duration.between(clock.instant(), expiresAt.minus(EXPIRY_MARGIN));
      return left.isNegative() ? 0 : saturatedNanos(left);
    }

    private static long saturatedNanos(Duration duration) {
      try {
        return duration.toNanos();
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }

    @Override
    public long expireAfterCreate(PoolKey key, ConnectionFacts value, long currentTime) {
      return nanosLeft(value);
    }

    @Override
    public long expireAfterUpdate(
        PoolKey key, ConnectionFacts value, long currentTime, long currentDuration) {
      return nanosLeft(value);
    }

    @Override
    public long expireAfterRead(
        PoolKey key, ConnectionFacts value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
