package io.envprov.dataplane.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the per-environment pools.
 *
 * @param maxPools how many environments' pools are open at most (least recently used go first)
 * @param idleEviction a pool not used for this long is closed
 * @param maxPoolSize connections per pool at most
 * @param minIdle idle connections a pool keeps
 * @param connectionTimeout how long a borrower waits for a connection
 * @param idleTimeout an idle connection above {@code minIdle} is closed after this (HikariCP allows
 *     10 s at least)
 * @param maxLifetime a connection is retired after this; keep it below the credential rotation
 *     grace period for drivers that re-check credentials on live connections (HikariCP allows 30 s
 *     at least)
 * @param closeGracePeriod how long an evicted pool waits for borrowed connections before closing
 */
public record PoolSettings(
    int maxPools,
    Duration idleEviction,
    int maxPoolSize,
    int minIdle,
    Duration connectionTimeout,
    Duration idleTimeout,
    Duration maxLifetime,
    Duration closeGracePeriod) {

  /** Defaults: 256 pools, evicted after 10 idle minutes, 10 connections each. */
  public static final PoolSettings DEFAULTS =
      new PoolSettings(
          256,
          Duration.ofMinutes(10),
          10,
          0,
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofMinutes(15),
          Duration.ofSeconds(30));

  public PoolSettings {
    if (maxPools < 1) {
      throw new IllegalArgumentException("maxPools must be at least 1");
    }
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1");
    }
    if (minIdle < 0 || minIdle > maxPoolSize) {
      throw new IllegalArgumentException("minIdle must be between 0 and maxPoolSize");
    }
    positive(idleEviction, "idleEviction");
    positive(connectionTimeout, "connectionTimeout");
    positive(idleTimeout, "idleTimeout");
    positive(maxLifetime, "maxLifetime");
    Objects.requireNonNull(closeGracePeriod, "closeGracePeriod");
  }

  private static void positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** These settings with another {@code maxPools}. */
  public PoolSettings withMaxPools(int maxPools) {
    return with(maxPools, idleEviction, maxPoolSize, minIdle, connectionTimeout);
  }

  /** These settings with another {@code idleEviction}. */
  public PoolSettings withIdleEviction(Duration idleEviction) {
    return with(maxPools, idleEviction, maxPoolSize, minIdle, connectionTimeout);
  }

  /** These settings with another {@code maxPoolSize}. */
  public PoolSettings withMaxPoolSize(int maxPoolSize) {
    return with(
        maxPools, idleEviction, maxPoolSize, Math.min(minIdle, maxPoolSize), connectionTimeout);
  }

  /** These settings with another {@code connectionTimeout}. */
  public PoolSettings withConnectionTimeout(Duration connectionTimeout) {
    return with(maxPools, idleEviction, maxPoolSize, minIdle, connectionTimeout);
  }

  private PoolSettings with(
      int maxPools,
      Duration idleEviction,
      int maxPoolSize,
      int minIdle,
      Duration connectionTimeout) {
    return new PoolSettings(
        maxPools,
        idleEviction,
        maxPoolSize,
        minIdle,
        connectionTimeout,
        idleTimeout,
        maxLifetime,
        closeGracePeriod);
  }
}
