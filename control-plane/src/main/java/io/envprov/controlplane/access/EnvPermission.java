package io.envprov.controlplane.access;

/** What may be done to an environment; granted by environment and organization roles. */
public enum EnvPermission {
  /** See the environment, its database facts and its operations. */
  READ,
  /** Rename, describe, protect, suspend and resume it. */
  UPDATE,
  /** Delete (deprovision) it. */
  DELETE,
  /** Copy it into a new environment of the organization. */
  COPY,
  /** Add, change and remove its members. */
  MANAGE_MEMBERS,
  /** Issue, list, rotate and revoke its database credentials. */
  MANAGE_CREDENTIALS,
  /** Open a session whose active environment it is (and so connect through the data plane). */
  OPEN_SESSION,
  /** Open a read-only session there: the data plane connects with a {@code readonly} login. */
  OPEN_READONLY_SESSION,
  /** Install and upgrade packages in its database, and promote another environment's into it. */
  INSTALL_PACKAGES,
  /** Take backups of its database and delete them (reading them needs {@link #READ} only). */
  BACKUP,
  /**
   * Replace its database's contents: restore one of its backups in place, reset it from its source.
   */
  RESTORE
}
