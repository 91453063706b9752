package io.envprov.controlplane.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a rollout did to one environment: {@code pending} until its wave reaches it, {@code running}
 * while the package is installed (or after a crash, until it is run again), then one of the
 * outcomes. Stored in {@code rollout_target.status} and shown by the API as {@link #sqlValue()}.
 */
public enum RolloutTargetStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Its database's history differs from the catalog; nothing was run. */
  SKIPPED_DRIFT,
  /** It was not {@code active} when its turn came (suspended, provisioning, failed, archived). */
  SKIPPED_NOT_ACTIVE;

  /** The value stored in {@code rollout_target.status} and shown by the API. */
  @JsonValue
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no status
   */
  public static RolloutTargetStatus fromSql(String value) {
    for (RolloutTargetStatus status : values()) {
      if (status.sqlValue().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("no rollout target status '" + value + "'");
  }

  /** Whether the rollout still has to run it (never started, or started by a crashed attempt). */
  public boolean toDo() {
    return this == PENDING || this == RUNNING;
  }

  /** Whether it counts against the rollout's canary and failure budget. */
  public boolean failure() {
    return this == FAILED;
  }

  @Override
  public String toString() {
    return sqlValue();
  }
}
