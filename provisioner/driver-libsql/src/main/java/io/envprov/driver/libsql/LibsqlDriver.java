package io.envprov.driver.libsql;

import static io.envprov.driver.spi.Capabilities.Flag.PER_CREDENTIAL_REVOCATION;

import io.envprov.driver.spi.Capabilities;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.libsql.hrana.HranaClient;
import io.envprov.libsql.hrana.HranaException;
import io.envprov.libsql.hrana.HranaResult;
import io.envprov.libsql.hrana.HranaStatement;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libSQL driver: one sqld namespace (or one Turso database) per environment, the baseline
 * applied over Hrana with Flyway through this module's JDBC driver, one Ed25519 key per credential
 * on sqld. The mode is chosen per server by {@code options.mode} (see {@link LibsqlServer}).
 * Backups are SQLite files read over Hrana in one read transaction ({@link SnapshotWriter}) and
 * replayed over Hrana ({@link SnapshotReplay}), the same on sqld and Turso.
 *
 * <p>Calls for one database name are serialized within this driver instance: sqld's namespace
 * configuration is rewritten whole, so two concurrent changes would lose one.
 */
public final class LibsqlDriver implements DatabaseDriver {

  /** The registered name. */
  public static final String NAME = "libsql";

  /**
   * Everything the SPI names, backups included (snapshots over Hrana, the same on sqld and Turso).
   */
  static final Capabilities CAPABILITIES = Capabilities.all();

  /** Turso checks its tokens but can only invalidate all of a database's at once. */
  static final Capabilities TURSO_CAPABILITIES = CAPABILITIES.without(PER_CREDENTIAL_REVOCATION);

  private static final Logger log = LoggerFactory.getLogger(LibsqlDriver.class);

  private final HttpClient http;
  private final Duration timeout;
  private final LibsqlSchemas schemas;
  private final Map<ServerTarget, Backend> backends = new ConcurrentHashMap<>();
  private final ReentrantLock[] locks = new ReentrantLock[64];
  private final SnapshotWriter writer = new SnapshotWriter();
  private final SnapshotReplay replay = new SnapshotReplay();

  /** sqld's code for a write transaction it rolled back for holding its lock too long. */
  private static final String TRANSACTION_TIMEOUT = "TRANSACTION_TIMEOUT";

  /** The database's size in bytes, free pages included. */
  private static final HranaStatement SIZE =
      HranaStatement.of(
          "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");

  LibsqlDriver(Duration timeout, ClassLoader classLoader) {
    this.timeout = timeout;
    this.http = HranaClient.newHttpClient(Duration.ofSeconds(10));
    this.schemas = new LibsqlSchemas(classLoader, http, timeout);
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Full capabilities, as sqld mode offers them; see {@link #capabilities(ServerTarget)}. */
  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * On a Turso server, no {@link Capabilities#perCredentialRevocation()}: the platform invalidates
   * all tokens of a database at once. There {@link #revokeCredential} only logs (callers check this
   * flag and refuse), and {@link #rotateAllTokens} is the way to stop leaked tokens.
   */
  @Override
  public Capabilities capabilities(@Nullable ServerTarget server) {
    return server != null && !usesDriverSecret(server) ? TURSO_CAPABILITIES : CAPABILITIES;
  }

  /**
   * sqld mode signs the driver's own tokens with a key from a random secret of its own; Turso mints
   * them on its platform.
   */
  @Override
  public boolean usesDriverSecret(ServerTarget server) {
    return !"turso".equalsIgnoreCase(server.options().getOrDefault("mode", "sqld"));
  }

  @Override
  public void validateServer(ServerTarget server) {
    LibsqlServer.validate(server);
  }

  @Override
  public ProvisionedDatabase provision(ProvisionRequest request) {
    Backend backend = backend(request.server());
    String name = request.databaseName();
    return locked(
        name,
        () -> {
          backend.create(name);
          return provisioned(backend, name, apply(backend, name, request));
        });
  }

  @Override
  public boolean exists(DatabaseRef database) {
    return backend(database.server()).exists(database.databaseName());
  }

  @Override
  public Optional<String> baselineVersion(DatabaseRef database) {
    Backend backend = backend(database.server());
    String name = database.databaseName();
    if (!backend.exists(name)) {
      return Optional.empty();
    }
    try {
      return schemas.version(backend.connections(name));
    } catch (SQLException e) {
      if (!backend.exists(name)) {
        return Optional.empty(); // deleted while we looked
      }
      throw failure("reading the baseline version of " + name, e);
    }
  }

  @Override
  public void deprovision(DatabaseRef database) {
    Backend backend = backend(database.server());
    String name = database.databaseName();
    locked(
        name,
        () -> {
          backend.delete(name);
          return null;
        });
  }

  @Override
  public ProvisionedDatabase copy(DatabaseRef source, ProvisionRequest target, CopyMode mode) {
    Backend backend = backend(target.server());
    String from = source.databaseName();
    String to = target.databaseName();
    if (!backend.exists(from)) {
      throw DriverException.permanent("the source database " + from + " does not exist", null);
    }
    return locked(
        to,
        () -> {
          if (backend.exists(to)) {
            if (version(backend, to).isPresent()) {
              return provisioned(backend, to); // completed by an earlier attempt
            }
            backend.delete(to); // an earlier attempt died half-way
          }
          if (mode == CopyMode.EVERYTHING) {
            backend.fork(from, to);
          } else {
            backend.create(to);
            try {
              schemas.copySchema(backend.connections(from), backend.connections(to));
            } catch (SQLException e) {
              throw failure("copying the schema of " + from + " into " + to, e);
            }
          }
          return provisioned(backend, to, apply(backend, to, target));
        });
  }

  /**
   * Reads the database in one read transaction on one Hrana stream (one point in time) into a new
   * SQLite file (see {@link SnapshotWriter}); for {@link CopyMode#SCHEMA_ONLY} the schema and the
   * baseline history only.
   */
  @Override
  public void backup(DatabaseRef database, CopyMode mode, Path target) {
    Backend backend = backend(database.server());
    String name = database.databaseName();
    requireExisting(backend, name, "backing up");
    try {
      writer.write(backend.connections(name).hrana(http, timeout), mode, target);
      log.debug("backed up libsql database {} ({})", name, mode);
    } catch (SQLException e) {
      requireExisting(backend, name, "backing up"); // deleted while we read it?
      throw failure("backing up " + name, e);
    }
  }

  /**
   * Creates the database as {@link #provision} does (sqld: a namespace whose {@code jwt_key} is the
   * driver's key; Turso: a database of the group), a leftover of an earlier attempt deleted first,
   * and replays the snapshot into it, one transaction per request, the schema history in the last
   * (so a database with a history is a complete restore). The snapshot's baseline is kept as it is.
   */
  @Override
  public ProvisionedDatabase restore(Path snapshot, ProvisionRequest target) {
    Backend backend = backend(target.server());
    String name = target.databaseName();
    try (SnapshotFile file = SnapshotFile.open(snapshot)) {
      return locked(
          name,
          () -> {
            if (backend.exists(name)) {
              backend.delete(name); // an earlier attempt's leftover: start afresh
            }
            backend.create(name);
            try {
              replay.intoNew(file, backend.connections(name).hrana(http, timeout));
            } catch (SQLException e) {
              throw failure("restoring a snapshot into " + name, e);
            }
            log.debug("restored libsql database {} from a snapshot", name);
            return provisioned(backend, name);
          });
    }
  }

  /**
   * Replaces the contents in one transaction over Hrana: every user object is dropped and the
   * snapshot replayed, then committed; readers see the old contents or the new. The namespace (or
   * Turso database) stays, and with it every credential. On sqld the whole replacement must fit in
   * the namespace's write-transaction timeout (5 s by default): a longer one is rolled back by
   * sqld, the old contents stay, and this throws.
   */
  @Override
  public void restoreInPlace(DatabaseRef database, Path snapshot) {
    Backend backend = backend(database.server());
    String name = database.databaseName();
    requireExisting(backend, name, "restoring");
    try (SnapshotFile file = SnapshotFile.open(snapshot)) {
      locked(
          name,
          () -> {
            try {
              replay.inPlace(file, backend.connections(name).hrana(http, timeout));
            } catch (HranaException e) {
              if (TRANSACTION_TIMEOUT.equals(e.hranaCode())) {
                throw DriverException.permanent(
                    "restoring "
                        + name
                        + " in place took longer than the server's transaction timeout and was"
                        + " rolled back; the database is unchanged. Restore the backup into a new"
                        + " environment instead",
                    e);
              }
              throw failure("restoring " + name + " in place", e);
            } catch (SQLException e) {
              throw failure("restoring " + name + " in place", e);
            }
            return null;
          });
      log.debug("restored libsql database {} in place", name);
    }
  }

  /**
   * {@code page_count * page_size} read over Hrana: the size of the database file, free pages
   * included, as of now. (sqld's {@code GET /v1/namespaces/{ns}/stats} reports {@code
   * storage_bytes_used}, but as sampled by a background task once a minute, zero before its first
   * sample, and without free pages; Turso's usage API is sampled likewise.)
   */
  @Override
  public long sizeBytes(DatabaseRef database) {
    Backend backend = backend(database.server());
    String name = database.databaseName();
    requireExisting(backend, name, "measuring");
    try {
      HranaResult size = backend.connections(name).hrana(http, timeout).execute(SIZE);
      return ((Number) java.util.Objects.requireNonNull(size.rows().get(0).get(0))).longValue();
    } catch (SQLException e) {
      requireExisting(backend, name, "measuring");
      throw failure("measuring the size of " + name, e);
    }
  }

  private static void requireExisting(Backend backend, String name, String action) {
    if (!backend.exists(name)) {
      throw DriverException.permanent(
          action + " database " + name + " failed: it does not exist", null);
    }
  }

  @Override
  public IssuedCredential issueCredential(DatabaseRef database, CredentialRequest request) {
    Backend backend = backend(database.server());
    String name = database.databaseName();
    return locked(name, () -> backend.issue(name, request));
  }

  @Override
  public void revokeCredential(DatabaseRef database, String username) {
    Backend backend = backend(database.server());
    String name = database.databaseName();
    locked(
        name,
        () -> {
          backend.revoke(name, username);
          return null;
        });
  }

  /**
   * Turso mode only: invalidates every token of the database (Turso's {@code auth/rotate}); issue
   * new credentials afterwards.
   *
   * @throws DriverException on an sqld server, where single credentials are revoked instead
   */
  public void rotateAllTokens(DatabaseRef database) {
    Backend backend = backend(database.server());
    if (!(backend instanceof TursoBackend turso)) {
      throw DriverException.permanent(
          "rotating all tokens is a Turso operation; on sqld revoke credentials one by one", null);
    }
    turso.rotate(database.databaseName());
  }

  @Override
  public ConnectionSpec connectionSpec(DatabaseRef database, IssuedCredential credential) {
    String url = backend(database.server()).jdbcUrl(database.databaseName());
    return new ConnectionSpec(url, Map.of("password", credential.secret()));
  }

  @Override
  public Health health(@Nullable ServerTarget server) {
    if (server == null) {
      return Health.up("libsql driver loaded; databases live on registered servers");
    }
    try {
      return backend(server).health();
    } catch (DriverException e) {
      return Health.down(e.getMessage());
    }
  }

  @Override
  public void close() {
    backends.clear();
  }

  private Backend backend(@Nullable ServerTarget target) {
    LibsqlServer server = LibsqlServer.of(target);
    return backends.computeIfAbsent(
        target,
        ignored ->
            server.mode() == LibsqlServer.Mode.SQLD
                ? new SqldBackend(server, http, timeout, this::locked)
                : new TursoBackend(server, http, timeout));
  }

  /** Applies the baseline and returns its version. */
  private String apply(Backend backend, String name, ProvisionRequest request) {
    try {
      return schemas.apply(backend.connections(name), request.baseline());
    } catch (SQLException e) {
      throw failure("applying baseline " + request.baseline().location() + " to " + name, e);
    } catch (FlywayException e) {
      SQLException sql = sqlCause(e);
      if (sql != null) {
        throw failure("applying baseline " + request.baseline().location() + " to " + name, sql);
      }
      throw DriverException.permanent(
          "applying baseline "
              + request.baseline().location()
              + " to "
              + name
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  private ProvisionedDatabase provisioned(Backend backend, String name, String version) {
    return new ProvisionedDatabase(name, backend.jdbcUrl(name), version, backend.metadata(name));
  }

  private ProvisionedDatabase provisioned(Backend backend, String name) {
    String version =
        version(backend, name)
            .orElseThrow(
                () ->
                    DriverException.transientFailure(
                        "database " + name + " has no baseline after migrating", null));
    return provisioned(backend, name, version);
  }

  private Optional<String> version(Backend backend, String name) {
    try {
      return schemas.version(backend.connections(name));
    } catch (SQLException e) {
      throw failure("reading the baseline version of " + name, e);
    }
  }

  private <T> T locked(String name, java.util.function.Supplier<T> work) {
    ReentrantLock lock = locks[Math.floorMod(name.hashCode(), locks.length)];
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private static @Nullable SQLException sqlCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  /** A DriverException for an SQL failure: transient for connection and concurrency errors. */
  static DriverException failure(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = what + " failed: " + e.getMessage();
    if (state.startsWith("08") || state.startsWith("40")) {
      return DriverException.transientFailure(message, e);
    }
    log.debug("{}", message);
    return DriverException.permanent(message, e);
  }
}
