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
 */
public record CredentialSettings(
    long maxKnownEnvironments, Duration refreshInterval, Duration minRefetchInterval) {

  /** Defaults: 10,000 environments, refreshed every 5 minutes, refetched at most every 5 s. */
  public static final CredentialSettings DEFAULTS =
      new CredentialSettings(10_000, Duration.ofMinutes(5), Duration.ofSeconds(5));

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
  }
}
