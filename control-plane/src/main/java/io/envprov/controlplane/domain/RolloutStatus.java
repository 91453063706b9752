package io.envprov.controlplane.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a rollout is:
 *
 * <pre>
 *   (created) -> running <-> paused
 *                  |    \     |
 *                  v     v    v
 *             succeeded  aborted
 * </pre>
 *
 * A rollout pauses when asked to, or by itself when its canary or its failure budget fails; it
 * resumes when asked to; it succeeds when its last wave is done; it is aborted when asked to.
 * {@code succeeded} and {@code aborted} are the end. Stored in {@code rollout.status} and shown by
 * the API as {@link #sqlValue()}.
 */
public enum RolloutStatus {
  RUNNING,
  PAUSED,
  SUCCEEDED,
  ABORTED;

  /** The value stored in {@code rollout.status} and shown by the API. */
  @JsonValue
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no status
   */
  public static RolloutStatus fromSql(String value) {
    for (RolloutStatus status : values()) {
      if (status.sqlValue().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("no rollout status '" + value + "'");
  }

  /** The statuses a rollout in this one may move to. */
  public Set<RolloutStatus> next() {
    return switch (this) {
      case RUNNING -> EnumSet.of(PAUSED, SUCCEEDED, ABORTED);
      case PAUSED -> EnumSet.of(RUNNING, ABORTED);
      case SUCCEEDED, ABORTED -> EnumSet.noneOf(RolloutStatus.class);
    };
  }

  /** Whether a rollout in this status may move to {@code next}. */
  public boolean canBecome(RolloutStatus next) {
    return next().contains(next);
  }

  /** Whether nothing will happen to it any more. */
  public boolean finished() {
    return next().isEmpty();
  }

  @Override
  public String toString() {
    return sqlValue();
  }
}
