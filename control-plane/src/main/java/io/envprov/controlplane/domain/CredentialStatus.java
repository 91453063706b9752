package io.envprov.controlplane.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a credential is in its life: {@code active -> rotating -> revoked}, or {@code active ->
 * revoked} directly. A rotating credential still works until its grace period ends (its replacement
 * is active meanwhile); a revoked one never works again. Stored in {@code
 * database_credential.status} and shown by the API as {@link #sqlValue()}.
 */
public enum CredentialStatus {
  ACTIVE,
  ROTATING,
  REVOKED;

  /** The value stored in {@code database_credential.status} and shown by the API. */
  @JsonValue
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no status
   */
  public static CredentialStatus fromSql(String value) {
    for (CredentialStatus status : values()) {
      if (status.sqlValue().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("no credential status '" + value + "'");
  }

  /** The statuses a credential in this one may move to. */
  public Set<CredentialStatus> next() {
    return switch (this) {
      case ACTIVE -> EnumSet.of(ROTATING, REVOKED);
      case ROTATING -> EnumSet.of(REVOKED);
      case REVOKED -> EnumSet.noneOf(CredentialStatus.class);
    };
  }

  /** Whether a credential in this status may move to {@code next}. */
  public boolean canBecome(CredentialStatus next) {
    return next().contains(next);
  }

  /** Whether it may be rotated (replaced, then revoked after the grace period). */
  public boolean rotatable() {
    return canBecome(ROTATING);
  }

  /** Whether it still opens its database (active, or rotating within its grace period). */
  public boolean live() {
    return this != REVOKED;
  }

  @Override
  public String toString() {
    return sqlValue();
  }
}
