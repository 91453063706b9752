package io.envprov.provisioner;

import java.util.Locale;

/**
 * What an operation does to an environment's database. Stored in {@code operation.kind} and shown
 * by the API as the lower-case name ({@link #sqlValue()}); the CHECK constraint and the OpenAPI
 * enum list the same values.
 */
public enum OperationKind {
  PROVISION,
  COPY,
  DEPROVISION,
  /**
   * Installs or upgrades one package in the environment's database; the environment stays as it is.
   */
  INSTALL_PACKAGE,
  /** Installs into the environment the package versions another environment has. */
  PROMOTE,
  /** Takes a backup of the environment's database into the backup store. */
  BACKUP,
  /** Creates the environment's database from a backup (a new environment, like a copy). */
  RESTORE,
  /** Replaces the contents of the environment's database with a backup's. */
  RESTORE_IN_PLACE,
  /** Replaces the contents of a copy's database with a fresh copy of its source. */
  RESET;

  /** Whether the provisioning engine runs this kind (the others are the control plane's own). */
  public boolean lifecycle() {
    return this == PROVISION || this == COPY || this == DEPROVISION || this == RESTORE;
  }

  /** The value stored in {@code operation.kind} and shown by the API. */
  public String sqlValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind stored as {@code value}.
   *
   * @throws IllegalArgumentException for a value that names no kind
   */
  public static OperationKind fromSql(String value) {
    for (OperationKind kind : values()) {
      if (kind.sqlValue().equals(value)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no operation kind '" + value + "'");
  }

  @Override
  public String toString() {
    return sqlValue();
  }
}
