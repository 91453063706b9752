package io.envprov.driver.spi;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One kind of database engine (PostgreSQL, SQLite, libSQL) able to host environment databases.
 *
 * <p>Contract shared by every method: calls block and may take seconds; they are idempotent
 * (calling twice with the same arguments leaves the same state and returns an equal result); they
 * throw {@link DriverException} and nothing else, with {@link DriverException#isTransient()}
 * telling the engine whether a retry may succeed. Secrets never appear in exception messages.
 */
public interface DatabaseDriver extends AutoCloseable {

  /** The driver's registered name, e.g. {@code sqlite}; equal to its provider's name. */
  String name();

  /** What this driver can do; the engine and the contract test consult these flags. */
  Capabilities capabilities();

  /**
   * What this driver can do on one server, for drivers whose servers differ (libSQL revokes a
   * single credential on sqld, not on Turso). The default is {@link #capabilities()}.
   *
   * @param server the server, or null for drivers without servers
   */
  default Capabilities capabilities(@Nullable ServerTarget server) {
    return capabilities();
  }

  /**
   * Whether the driver needs a random secret of its own for this server ({@link
   * ServerTarget#driverSecret()}), e.g. to sign its own tokens. The control plane then generates
   * one when the server is first used, keeps it sealed with the server, and passes it on every
   * call. The default is false.
   */
  default boolean usesDriverSecret(ServerTarget server) {
    return false;
  }

  /**
   * Checks a server's registration before it is stored (e.g. refuses a well-known default admin
   * secret). The default accepts everything.
   *
   * @throws DriverException permanent, with a message fit for the client (never the secret), when
   *     the server must not be registered as given
   */
  default void validateServer(ServerTarget server) {}

  /**
   * Creates the database named by the request, applies the baseline and returns where it lives.
   *
   * <p>Idempotent: when the database already exists (a previous attempt crashed after creating it),
   * the missing steps are completed and the same result is returned. When the call fails, nothing
   * of this call's making is left behind, or what is left is removed by {@link #deprovision}.
   *
   * @throws DriverException when the database cannot be created; transient if a retry may succeed
   */
  ProvisionedDatabase provision(ProvisionRequest request);

  /**
   * Whether the database exists on its server or disk (it may still lack its baseline).
   *
   * @throws DriverException when the server cannot be asked
   */
  boolean exists(DatabaseRef database);

  /**
   * The baseline version recorded inside the database, if any: the proof that provisioning
   * finished. Empty when the database does not exist or no baseline was applied.
   *
   * @throws DriverException when the database cannot be read
   */
  Optional<String> baselineVersion(DatabaseRef database);

  /**
   * Drops the database and everything the driver created for it (files, roles, keys). Idempotent: a
   * database that does not exist is not an error.
   *
   * @throws DriverException when the database exists and cannot be dropped
   */
  void deprovision(DatabaseRef database);

  /**
   * Creates {@code target} as a copy of {@code source}: schema and data for {@link
   * CopyMode#EVERYTHING}, schema only for {@link CopyMode#SCHEMA_ONLY}. The source stays usable and
   * unchanged. Idempotent: a target completed by an earlier attempt is returned as it is.
   *
   * @throws UnsupportedCapabilityException when {@link Capabilities#copy()} is false
   * @throws DriverException when the source is missing or the copy fails
   */
  ProvisionedDatabase copy(DatabaseRef source, ProvisionRequest target, CopyMode mode);

  /**
   * Writes a consistent snapshot of the database to {@code target}, a file that does not exist yet
   * (its directory does), in the driver's own format: everything for {@link CopyMode#EVERYTHING},
   * the schema (and the baseline history) for {@link CopyMode#SCHEMA_ONLY}. The database stays
   * usable throughout; the snapshot is one point in time. The file is plaintext: the caller seals
   * it.
   *
   * @throws UnsupportedCapabilityException when {@link Capabilities#backup()} is false
   * @throws DriverException when the database is missing or the snapshot fails
   */
  default void backup(DatabaseRef database, CopyMode mode, java.nio.file.Path target) {
    throw new UnsupportedCapabilityException(name(), "backups");
  }

  /**
   * Creates the database named by {@code target} from a snapshot written by {@link #backup} of this
   * driver, like {@link #provision} does from the baseline (the snapshot carries its own baseline
   * history). Idempotent: a target left by an earlier attempt is replaced. When the call fails,
   * what it left is removed by {@link #deprovision}.
   *
   * @throws UnsupportedCapabilityException when {@link Capabilities#backup()} is false
   * @throws DriverException when the snapshot cannot be read or the database made
   */
  default ProvisionedDatabase restore(java.nio.file.Path snapshot, ProvisionRequest target) {
    throw new UnsupportedCapabilityException(name(), "restores");
  }

  /**
   * Replaces the contents of an existing database with a snapshot written by {@link #backup} of
   * this driver, as one step: clients see the old contents or the new ones, never a mix, and wait
   * (rather than fail) while it happens. The database keeps its name and its credentials: logins
   * issued before still open it afterwards. When the call fails the old contents are left as they
   * were.
   *
   * @throws UnsupportedCapabilityException when {@link Capabilities#backup()} is false
   * @throws DriverException when the snapshot cannot be read or the contents replaced
   */
  default void restoreInPlace(DatabaseRef database, java.nio.file.Path snapshot) {
    throw new UnsupportedCapabilityException(name(), "in-place restores");
  }

  /**
   * The space the database takes now, in bytes, as its server or disk accounts it (for SQLite the
   * file with its journal; for PostgreSQL {@code pg_database_size}).
   *
   * @throws UnsupportedCapabilityException when the driver cannot tell
   * @throws DriverException when the database is missing or cannot be asked
   */
  default long sizeBytes(DatabaseRef database) {
    throw new UnsupportedCapabilityException(name(), "measuring database size");
  }

  /**
   * Creates a credential that opens the database with the given scope. Idempotent by {@link
   * CredentialRequest#username()}: issuing the same username again replaces its secret.
   *
   * @throws DriverException when the database does not exist or the credential cannot be made
   */
  IssuedCredential issueCredential(DatabaseRef database, CredentialRequest request);

  /**
   * Makes the credential unusable for new connections. Idempotent: an unknown username is not an
   * error. Drivers without {@link Capabilities#perCredentialRevocation()} accept the call and
   * document what it can and cannot stop.
   *
   * @throws DriverException when the revocation cannot be carried out
   */
  void revokeCredential(DatabaseRef database, String username);

  /**
   * How a client connects with a credential: a JDBC URL and connection properties. The URL never
   * carries the secret; it travels in the properties.
   */
  ConnectionSpec connectionSpec(DatabaseRef database, IssuedCredential credential);

  /**
   * Whether the driver (and the server, when one is given) can take work now. Never throws: an
   * unreachable server is reported as {@link Health.Status#DOWN} with a reason.
   */
  Health health(@Nullable ServerTarget server);

  /**
   * The names of the databases on a server that carry the given prefix, for reconciliation (finding
   * databases that belong to no environment). Drivers without servers list their local databases.
   *
   * @throws UnsupportedCapabilityException when the driver cannot list databases
   * @throws DriverException when the server cannot be asked
   */
  default java.util.List<String> databases(@Nullable ServerTarget server, String prefix) {
    throw new UnsupportedCapabilityException(name(), "listing databases");
  }

  /**
   * The credential logins on a server whose names carry the given prefix, each with the name of the
   * database it opens, for reconciliation (finding logins left by an issue that crashed before the
   * control plane recorded it). Logins that open no database are not listed.
   *
   * @throws UnsupportedCapabilityException when the driver has no server-side logins to list
   * @throws DriverException when the server cannot be asked
   */
  default java.util.Map<String, String> credentialLogins(
      @Nullable ServerTarget server, String prefix) {
    throw new UnsupportedCapabilityException(name(), "listing credential logins");
  }

  /** Releases what the driver holds (pools, templates). The default holds nothing. */
  @Override
  default void close() {}
}
