package io.envprov.controlplane.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a backup stands: {@code pending} until its operation runs, {@code running} while the
 * snapshot is taken and sealed, then {@code succeeded} (it can be restored) or {@code failed} (with
 * the error). Stored in {@code backup.status} and shown by the API as {@link #sqlValue()}.
 */
public enum BackupStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED;

  /** The value stored in {@code backup.status} and shown by the API. */
  @JsonValue
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no status
   */
  public static BackupStatus fromSql(String value) {
    for (BackupStatus status : values()) {
      if (status.sqlValue().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("no backup status '" + value + "'");
  }

  /** Whether it can be restored from. */
  public boolean restorable() {
    return this == SUCCEEDED;
  }

  /** Whether it is over (succeeded or failed): nothing works on it any more. */
  public boolean finished() {
    return this == SUCCEEDED || this == FAILED;
  }

  @Override
  public String toString() {
    return sqlValue();
  }
}
