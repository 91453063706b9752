package io.envprov.dataplane.credentials;

import java.time.Duration;
import java.util.Objects;

/**
 * How connection facts are cached.
 *
 * @param maxKnownEnvironments how many environments' facts are kept at most
 * @param refreshInterval facts older than this are fetched again in the background
 * @param minRefetchInterval after an authentication failure, an environment's facts are fetched
 *     again at most once in this interval, however many connection attempts fail meanwhile
 * @param restoringWait how long a fetch keeps asking (as often as the broker's {@code Retry-After}
 *     says) while the broker answers {@code environment_restoring}, before it fails
 */
public record CredentialSettings(
    long maxKnownEnvironments,
    Duration refreshInterval,
    Duration minRefetchInterval,
    Duration restoringWait) {

  /**
   * Defaults: 10,000 environments, refreshed every 5 minutes, refetched at most every 5 s, waiting
   * 30 s at most for a restore.
   */
  public static final CredentialSettings DEFAULTS =
      new CredentialSettings(
          10_000, Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(30));

  /** The settings with the default wait for a restore. */
  public CredentialSettings(
      long maxKnownEnvironments, Duration refreshInterval, Duration minRefetchInterval) {
    this(maxKnownEnvironments, refreshInterval, minRefetchInterval, DEFAULTS.restoringWait());
  }

  public CredentialSettings {
    if (maxKnownEnvironments < 1) {
      throw new IllegalArgumentException("maxKnownEnvironments must be at least 1");
    }
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    if (refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException("refreshInterval must be positive");
    }
    Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
    if (minRefetchInterval.isNegative() || minRefetchInterval.isZero()) {
      throw new IllegalArgumentException("minRefetchInterval must be positive");
    }
    Objects.requireNonNull(restoringWait, "restoringWait");
    if (restoringWait.isNegative()) {
      throw new IllegalArgumentException("restoringWait must not be negative");
    }
  }
}
