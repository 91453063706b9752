package io.envprov.provisioner;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where an operation is in its life: {@code pending -> running -> succeeded | failed}. A running
 * operation can be claimed again (a worker died and another revives it), so {@code running ->
 * running} is allowed; a finished operation never changes again (a retry is a new operation).
 */
public enum OperationStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED;

  /** The value stored in {@code operation.status} and shown by the API. */
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no status
   */
  public static OperationStatus fromSql(String value) {
    for (OperationStatus status : values()) {
      if (status.sqlValue().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("no operation status '" + value + "'");
  }

  /** The statuses an operation may be claimed for execution in (the first or a revived attempt). */
  public static Set<OperationStatus> claimable() {
    return EnumSet.of(PENDING, RUNNING);
  }

  /** Whether the operation is over: succeeded or failed for good. */
  public boolean finished() {
    return this == SUCCEEDED || this == FAILED;
  }

  /** Whether an operation in this status may move to {@code next}. */
  public boolean canBecome(OperationStatus next) {
    return switch (this) {
      case PENDING -> next == RUNNING;
      case RUNNING -> next == RUNNING || next == SUCCEEDED || next == FAILED;
      case SUCCEEDED, FAILED -> false;
    };
  }

  @Override
  public String toString() {
    return sqlValue();
  }
}
