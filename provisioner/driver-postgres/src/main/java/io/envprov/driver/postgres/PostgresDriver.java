package io.envprov.driver.postgres;

import io.envprov.driver.spi.Capabilities;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseName;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Places each environment database on a PostgreSQL server of the pool.
 *
 * <p>Per database {@code <name>}: the database, owned by the server admin and closed to {@code
 * PUBLIC}; three NOLOGIN groups {@code <name>_admin} (owns schema {@code public} and everything in
 * it, the baseline included), {@code <name>_readwrite} (DML) and {@code <name>_readonly} (SELECT),
 * the only roles allowed to connect; one LOGIN role per credential, a member of its scope's group,
 * whose sessions start as that group ({@code ALTER ROLE ... SET role}) so that what an admin
 * credential creates belongs to the group, and default privileges extend the readwrite and readonly
 * grants to it.
 *
 * <p>Every call on one database holds a PostgreSQL advisory lock on its name for its whole length,
 * and every step checks before it acts, so concurrent and repeated calls, from this process or
 * other replicas, and calls after a crash at any point converge on the same state. Thread-safe.
 * Keeps up to {@code adminPoolSize} admin connections per server between calls (closed by {@link
 * #close()}, and replaced when a server's admin URL, user or secret changes); connections to
 * environment databases are opened per call.
 *
 * <p>The work is split by concern: {@link Provisioning}, {@link Copying}, {@link Credentials},
 * {@link Deprovisioning}; {@link ServerCalls} resolves servers and turns failures into {@link
 * DriverException}s.
 *
 * <p>The server admin is a superuser, or a role with CREATEDB and CREATEROLE that is also a member
 * of {@code pg_signal_backend} (to end sessions before dropping a database or a credential).
 */
public final class PostgresDriver implements DatabaseDriver {

  private static final Capabilities CAPABILITIES = Capabilities.all();
  private static final Capabilities WITHOUT_BACKUP = CAPABILITIES.without(Capabilities.Flag.BACKUP);

  private final PostgresSettings settings;
  private final ServerCalls calls;
  private final Provisioning provisioning;
  private final Copying copying = new Copying();
  private final Credentials credentials = new Credentials();
  private final Deprovisioning deprovisioning = new Deprovisioning();
  private final Snapshots snapshots;

  /** A driver with the default settings, reading baselines through {@code classLoader}. */
  public PostgresDriver(ClassLoader classLoader) {
    this(PostgresSettings.defaults(), classLoader);
  }

  PostgresDriver(PostgresSettings settings, ClassLoader classLoader) {
    this.settings = settings;
    this.calls = new ServerCalls(settings);
    PostgresBaselines baselines = new PostgresBaselines(classLoader);
    this.provisioning = new Provisioning(settings, baselines, new PostgresTemplates(baselines));
    this.snapshots =
        new Snapshots(settings, new PostgresClientTools(settings.clientBinDirectory()));
  }

  @Override
  public String name() {
    return PostgresDriverProvider.NAME;
  }

  /**
   * Everything the SPI names; {@link Capabilities.Flag#BACKUP} only when PostgreSQL client programs
   * ({@code pg_dump}, {@code pg_restore}, {@code psql}) were found (see {@link
   * PostgresClientTools}).
   */
  @Override
  public Capabilities capabilities() {
    return snapshots.anyTools() ? CAPABILITIES : WITHOUT_BACKUP;
  }

  /**
   * {@link #capabilities()}, without {@link Capabilities.Flag#BACKUP} for a server that no client
   * programs found here can dump ({@code pg_dump} refuses a server newer than itself). The server's
   * version is asked once (and seen again by every backup and restore); a server that cannot be
   * asked now is given the benefit of the doubt, and the backup itself then fails transiently.
   */
  @Override
  public Capabilities capabilities(@Nullable ServerTarget target) {
    Capabilities capabilities = capabilities();
    if (target == null || !capabilities.backup()) {
      return capabilities;
    }
    Optional<Boolean> supported = snapshots.supports(target);
    if (supported.isEmpty()) {
      try {
        calls.call(
            "read the server version for",
            "backups",
            target,
            List.of(),
            snapshots::readServerVersion);
      } catch (DriverException e) {
        return capabilities;
      }
      supported = snapshots.supports(target);
    }
    return supported.orElse(true) ? capabilities : WITHOUT_BACKUP;
  }

  @Override
  public ProvisionedDatabase provision(ProvisionRequest request) {
    return calls.call(
        "provision",
        request.databaseName(),
        request.server(),
        List.of(),
        server -> provisioning.provision(server, request));
  }

  @Override
  public boolean exists(DatabaseRef database) {
    return calls.call(
        "look up",
        database.databaseName(),
        database.server(),
        List.of(),
        server -> provisioning.exists(server, database.databaseName()));
  }

  @Override
  public List<String> databases(@Nullable ServerTarget target, String prefix) {
    if (target == null) {
      throw DriverException.permanent("the postgres driver lists databases of a server", null);
    }
    return calls.call(
        "list databases",
        prefix,
        target,
        List.of(),
        server -> provisioning.databases(server, prefix));
  }

  @Override
  public Map<String, String> credentialLogins(@Nullable ServerTarget target, String prefix) {
    if (target == null) {
      throw DriverException.permanent("the postgres driver lists the logins of a server", null);
    }
    return calls.call(
        "list credential logins",
        prefix,
        target,
        List.of(),
        server -> credentials.logins(server, prefix));
  }

  @Override
  public Optional<String> baselineVersion(DatabaseRef database) {
    return calls.call(
        "read the baseline version of",
        database.databaseName(),
        database.server(),
        List.of(),
        server -> provisioning.baselineVersion(server, database.databaseName()));
  }

  @Override
  public void deprovision(DatabaseRef database) {
    calls.call(
        "deprovision",
        database.databaseName(),
        database.server(),
        List.of(),
        server -> {
          deprovisioning.deprovision(server, database.databaseName());
          return null;
        });
  }

  @Override
  public ProvisionedDatabase copy(DatabaseRef source, ProvisionRequest target, CopyMode mode) {
    return calls.call(
        "copy " + source.databaseName() + " to",
        target.databaseName(),
        target.server(),
        List.of(),
        server -> copying.copy(server, source, target, mode));
  }

  /**
   * {@code pg_dump --format=custom} of schema {@code public}, run as a short-lived login of the
   * database's admin group (see {@link Snapshots}).
   */
  @Override
  public void backup(DatabaseRef database, CopyMode mode, Path target) {
    calls.call(
        "back up",
        database.databaseName(),
        database.server(),
        List.of(),
        server -> {
          snapshots.backup(server, database.databaseName(), mode, target);
          return null;
        });
  }

  /** A new database made as {@link #provision} makes one, filled from the snapshot. */
  @Override
  public ProvisionedDatabase restore(Path snapshot, ProvisionRequest target) {
    return calls.call(
        "restore",
        target.databaseName(),
        target.server(),
        List.of(),
        server -> snapshots.restore(server, snapshot, target));
  }

  /**
   * Everything in schema {@code public} replaced with the snapshot's contents in one transaction;
   * sessions and logins stay (see {@link Snapshots}).
   */
  @Override
  public void restoreInPlace(DatabaseRef database, Path snapshot) {
    calls.call(
        "restore",
        database.databaseName(),
        database.server(),
        List.of(),
        server -> {
          snapshots.restoreInPlace(server, database.databaseName(), snapshot);
          return null;
        });
  }

  /** {@code pg_database_size}. */
  @Override
  public long sizeBytes(DatabaseRef database) {
    return calls.call(
        "measure",
        database.databaseName(),
        database.server(),
        List.of(),
        server -> snapshots.sizeBytes(server, database.databaseName()));
  }

  @Override
  public IssuedCredential issueCredential(DatabaseRef database, CredentialRequest request) {
    PostgresNames names = new PostgresNames(database.databaseName());
    String secret = credentials.newSecret();
    return calls.call(
        "issue credential " + request.username() + " for",
        database.databaseName(),
        database.server(),
        List.of(secret),
        server -> credentials.issue(server, names, request, secret));
  }

  @Override
  public void revokeCredential(DatabaseRef database, String username) {
    if (!DatabaseName.PATTERN.matcher(username).matches()) {
      return; // no credential of this driver can have such a name
    }
    PostgresNames names = new PostgresNames(database.databaseName());
    calls.call(
        "revoke credential " + username + " of",
        database.databaseName(),
        database.server(),
        List.of(),
        server -> {
          credentials.revoke(server, names, username);
          return null;
        });
  }

  @Override
  public ConnectionSpec connectionSpec(DatabaseRef database, IssuedCredential credential) {
    String name = database.databaseName();
    return calls.call(
        "describe the connection to",
        name,
        database.server(),
        List.of(),
        server ->
            new ConnectionSpec(
                server.clientUrl(name),
                Map.of("user", credential.username(), "password", credential.secret())));
  }

  @Override
  public Health health(@Nullable ServerTarget target) {
    if (target == null) {
      return Health.up("the postgres driver is loaded; it checks servers when given one");
    }
    PostgresServer server;
    try {
      server = PostgresServer.of(target, settings);
    } catch (IllegalArgumentException e) {
      return Health.down(PostgresErrors.redact(e.getMessage(), ServerCalls.secretsOf(target)));
    }
    try (Connection connection = server.forHealthCheck()) {
      Sql.execute(
          connection, "SET statement_timeout = '" + settings.healthTimeout().toMillis() + "ms'");
      String version = Sql.single(connection, "SELECT current_setting('server_version')");
      Sql.single(connection, "SELECT 1");
      return Health.up("PostgreSQL " + version + " on " + server.describe() + " answers");
    } catch (Exception e) {
      String reason =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : e.getMessage().strip().lines().findFirst().orElse("");
      return Health.down(
          PostgresErrors.redact(
              server.describe() + " does not answer: " + reason, server.secrets()));
    }
  }

  /** Admin connections this driver keeps open to the server now, lent or idle. */
  int openAdminConnections(String serverId) {
    return calls.openAdminConnections(serverId);
  }

  /**
   * Closes the admin connections kept per server (those in use when their call ends). Calls made
   * afterwards still work, each on a connection of its own.
   */
  @Override
  public void close() {
    calls.close();
  }
}
