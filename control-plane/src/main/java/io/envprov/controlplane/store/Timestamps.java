package io.envprov.controlplane.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** Times as the store keeps them: UTC, microsecond precision. */
public final class Timestamps {

  private Timestamps() {}

  public static OffsetDateTime now(Clock clock) {
    return OffsetDateTime.now(clock)
        .withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MICROS);
  }

  /** An instant as the store keeps it. */
  public static OffsetDateTime of(java.time.Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  public static @Nullable OffsetDateTime utc(@Nullable OffsetDateTime value) {
    return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC);
  }
}
