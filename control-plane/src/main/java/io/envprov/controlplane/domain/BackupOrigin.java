package io.envprov.controlplane.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Who asked for a backup: a client ({@code manual}, kept until deleted) or the schedule of its
 * environment's type ({@code scheduled}, pruned after the type's retention). Stored in {@code
 * backup.origin} and shown by the API as {@link #sqlValue()}.
 */
public enum BackupOrigin {
  MANUAL,
  SCHEDULED;

  /** The value stored in {@code backup.origin} and shown by the API. */
  @JsonValue
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The origin stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no origin
   */
  public static BackupOrigin fromSql(String value) {
    for (BackupOrigin origin : values()) {
      if (origin.sqlValue().equals(value)) {
        return origin;
      }
    }
    throw new IllegalArgumentException("no backup origin '" + value + "'");
  }

  @Override
  public String toString() {
    return sqlValue();
  }
}
