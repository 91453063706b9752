package io.envprov.controlplane.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The lifecycle of an environment, with the moves allowed between its states:
 *
 * <pre>
 *   (created) -> provisioning -> active <-> suspended
 *                     |            \          /
 *                     v             v        v
 *                   failed  ---->  deprovisioning -> archived
 *                   (retry: back to provisioning or deprovisioning)
 *
 *   active | suspended -> restoring -> active | suspended   (in-place restore, reset)
 *   active | suspended -> deleted -> active (recover) | deprovisioning (purge)
 * </pre>
 *
 * A provision or copy that fails leaves {@code failed}, and so does a deprovision that fails;
 * {@code failed} is retried (to {@code provisioning} or {@code deprovisioning}, by the kind of the
 * failed operation) or deleted. {@code archived} is the end. Stored in {@code environment.status}
 * and shown by the API as {@link #sqlValue()}.
 */
public enum EnvironmentStatus {
  PROVISIONING,
  ACTIVE,
  SUSPENDED,
  DEPROVISIONING,
  ARCHIVED,
  FAILED,
  /** An in-place restore or a reset is replacing the database's contents. */
  RESTORING,
  /** Deleted within the recovery window: the database is kept until it is purged or recovered. */
  DELETED;

  /** The status a new environment (created or copied) starts in. */
  public static final EnvironmentStatus INITIAL = PROVISIONING;

  /** The value stored in {@code environment.status} and shown by the API. */
  @JsonValue
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no status
   */
  public static EnvironmentStatus fromSql(String value) {
    for (EnvironmentStatus status : values()) {
      if (status.sqlValue().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("no environment status '" + value + "'");
  }

  /** The statuses an environment in this one may move to. */
  public Set<EnvironmentStatus> next() {
    return switch (this) {
      case PROVISIONING -> EnumSet.of(ACTIVE, FAILED);
      case ACTIVE -> EnumSet.of(SUSPENDED, DEPROVISIONING, RESTORING, DELETED);
      case SUSPENDED -> EnumSet.of(ACTIVE, DEPROVISIONING, RESTORING, DELETED);
      case DEPROVISIONING -> EnumSet.of(ARCHIVED, FAILED);
      case FAILED -> EnumSet.of(PROVISIONING, DEPROVISIONING);
      case ARCHIVED -> EnumSet.noneOf(EnvironmentStatus.class);
      case RESTORING -> EnumSet.of(ACTIVE, SUSPENDED);
      case DELETED -> EnumSet.of(ACTIVE, DEPROVISIONING);
    };
  }

  /** Whether an environment in this status may move to {@code next}. */
  public boolean canBecome(EnvironmentStatus next) {
    return next().contains(next);
  }

  /** Whether a failed operation may be run again ({@code POST .../retry}). */
  public boolean retryable() {
    return this == FAILED;
  }

  /** Whether {@code POST .../suspend} may move it to {@code suspended}. */
  public boolean suspendable() {
    return this == ACTIVE;
  }

  /**
   * Whether {@code POST .../resume} may move it to {@code active}: only from {@code suspended}
   * ({@code provisioning -> active} is the worker's move, not a resume).
   */
  public boolean resumable() {
    return this == SUSPENDED;
  }

  /**
   * Whether {@code DELETE} may delete it now: into the recovery window ({@code deleted}) when it
   * has a settled database, else (or with no window) straight to {@code deprovisioning}. A deleted
   * one is not deleted again: it is recovered or purged.
   */
  public boolean deletable() {
    return this == ACTIVE || this == SUSPENDED || this == FAILED;
  }

  /** Whether a delete may keep it in the recovery window: its database exists and is settled. */
  public boolean keptOnDelete() {
    return this == ACTIVE || this == SUSPENDED;
  }

  /** Whether a worker is changing the environment's database: a client waiting should wait. */
  public boolean transitional() {
    return this == PROVISIONING || this == DEPROVISIONING || this == RESTORING;
  }

  /** Whether its database's contents may be replaced (in-place restore, reset) or backed up. */
  public boolean restorable() {
    return this == ACTIVE || this == SUSPENDED;
  }

  /** Whether {@code POST .../recover} may bring it back: deleted, within the recovery window. */
  public boolean recoverable() {
    return this == DELETED;
  }

  /**
   * Whether the usage collector measures its database: it exists and is settled (a deleted one
   * still occupies its server until it is purged).
   */
  public boolean measured() {
    return this == ACTIVE || this == SUSPENDED || this == DELETED;
  }

  /** Whether the environment still counts (and its database still occupies a server). */
  public boolean live() {
    return this != ARCHIVED;
  }

  /** Whether its name, description, protection or metadata may change (PATCH). */
  public boolean acceptsChanges() {
    return this != ARCHIVED;
  }

  /** Whether it may be copied: its database exists and is settled. */
  public boolean copyable() {
    return this == ACTIVE || this == SUSPENDED;
  }

  /** Whether new credentials are issued and connections served for it. */
  public boolean servesConnections() {
    return this == ACTIVE;
  }

  /** Whether its credentials may be rotated (a suspended environment keeps its logins fresh). */
  public boolean rotatesCredentials() {
    return this == ACTIVE || this == SUSPENDED || this == RESTORING;
  }

  /** Whether sessions may enter it: not once its database is going or gone. */
  public boolean admitsSessions() {
    return this != DEPROVISIONING && this != ARCHIVED && this != DELETED;
  }

  @Override
  public String toString() {
    return sqlValue();
  }
}
