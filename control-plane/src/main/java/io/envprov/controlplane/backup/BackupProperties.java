package io.envprov.controlplane.backup;

import io.envprov.controlplane.domain.EnvType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where backups go and when they are taken ({@code controlplane.backups.*}).
 *
 * @param directory the directory of the backup store; by default {@code backups} under {@code
 *     controlplane.data-dir} (so {@code ./var/backups})
 * @param schedule scheduled backups by environment type ({@code
 *     controlplane.backups.schedule.<env_type>.every} and {@code .keep}); a type or a field left
 *     out keeps its default (see {@link #DEFAULTS}); {@code every: 0} turns a type's schedule off
 * @param retryBackoff the wait after a scheduled backup fails, doubled with each failure in a row
 *     up to the type's {@code every}
 * @param sweepInterval how often the schedule looks for due backups and expired ones
 * @param sweepBatch environments started (and backups pruned) per sweep at most; the rest wait for
 *     the next sweep
 */
@ConfigurationProperties("controlplane.backups")
public record BackupProperties(
    @Nullable String directory,
    @DefaultValue Map<String, Schedule> schedule,
    @DefaultValue("5m") Duration retryBackoff,
    @DefaultValue("1m") Duration sweepInterval,
    @DefaultValue("100") int sweepBatch) {

  /**
   * The schedule of each type when the configuration does not say: production daily, kept 30 days;
   * development and sandbox weekly, kept 7 days; the organization's default environment daily, kept
   * 7 days; trial none.
   */
  public static final Map<EnvType, Schedule> DEFAULTS =
      Map.of(
          EnvType.PRODUCTION, new Schedule(Duration.ofDays(1), Duration.ofDays(30)),
          EnvType.DEVELOPMENT, new Schedule(Duration.ofDays(7), Duration.ofDays(7)),
          EnvType.SANDBOX, new Schedule(Duration.ofDays(7), Duration.ofDays(7)),
          EnvType.DEFAULT, new Schedule(Duration.ofDays(1), Duration.ofDays(7)),
          EnvType.TRIAL, new Schedule(Duration.ZERO, Duration.ofDays(7)));

  /**
   * A type's schedule.
   *
   * @param every how often a backup is taken; zero (or negative) for none
   * @param keep how long a scheduled backup is kept after it completes
   */
  public record Schedule(@Nullable Duration every, @Nullable Duration keep) {

    /** Whether backups are taken at all. */
    public boolean enabled() {
      return positive(every);
    }
  }

  public BackupProperties {
    for (String type : schedule.keySet()) {
      if (EnvType.parse(type).isEmpty()) {
        throw new IllegalArgumentException(
            "controlplane.backups.schedule."
                + type
                + ": no environment type '"
                + type
                + "' (one of default, sandbox, development, production, trial)");
      }
    }
    if (!positive(retryBackoff)) {
      throw new IllegalArgumentException("controlplane.backups.retry-backoff must be positive");
    }
    if (!positive(sweepInterval)) {
      throw new IllegalArgumentException("controlplane.backups.sweep-interval must be positive");
    }
    if (sweepBatch < 1) {
      throw new IllegalArgumentException("controlplane.backups.sweep-batch must be at least 1");
    }
    for (EnvType type : EnvType.values()) {
      Schedule effective = merge(type, schedule.get(type.sqlValue()));
      if (effective.enabled() && !positive(effective.keep())) {
        throw new IllegalArgumentException(
            "controlplane.backups.schedule." + type.sqlValue() + ".keep must be positive");
      }
    }
  }

  /** The effective schedules, every type listed. */
  public Map<EnvType, Schedule> schedules() {
    Map<EnvType, Schedule> all = new EnumMap<>(EnvType.class);
    for (EnvType type : EnvType.values()) {
      all.put(type, merge(type, schedule.get(type.sqlValue())));
    }
    return all;
  }

  /** The type's schedule, when its environments are backed up on a schedule. */
  public Optional<Schedule> scheduleOf(EnvType type) {
    return Optional.of(merge(type, schedule.get(type.sqlValue()))).filter(Schedule::enabled);
  }

  /**
   * The wait before the next scheduled backup after {@code failures} failures in a row: {@link
   * #retryBackoff} doubled per failure after the first, never more than {@code every}.
   */
  public Duration backoff(int failures, Duration every) {
    long base = retryBackoff.toMillis();
    long step = base * (1L << Math.min(30, Math.max(0, failures - 1)));
    return Duration.ofMillis(Math.min(step, every.toMillis()));
  }

  private static boolean positive(@Nullable Duration duration) {
    return duration != null && !duration.isNegative() && !duration.isZero();
  }

  private static Schedule merge(EnvType type, @Nullable Schedule configured) {
    Schedule fallback = DEFAULTS.get(type);
    if (configured == null) {
      return fallback;
    }
    return new Schedule(
        configured.every() == null ? fallback.every() : configured.every(),
        configured.keep() == null ? fallback.keep() : configured.keep());
  }
}
