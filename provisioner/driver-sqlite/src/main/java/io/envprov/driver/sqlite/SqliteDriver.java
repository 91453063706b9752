package io.envprov.driver.sqlite;

import static io.envprov.driver.spi.Capabilities.Flag.BACKUP;
import static io.envprov.driver.spi.Capabilities.Flag.COPY;
import static io.envprov.driver.spi.Capabilities.Flag.READONLY_SCOPE;
import static io.envprov.driver.spi.Capabilities.Flag.SCHEMA_ONLY_COPY;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each environment database in its own SQLite file, {@code <directory>/<databaseName>.db}.
 *
 * <p>SQLite has no users: anyone who can read the file can open it. Credentials are therefore
 * bookkeeping for the control plane (which seals the secret); what the driver does enforce is the
 * read-only scope, through the connection properties it hands out. Thread-safe.
 */
public final class SqliteDriver implements DatabaseDriver {

  private static final Logger log = LoggerFactory.getLogger(SqliteDriver.class);

  // Files: no server, no login of its own; a readonly credential opens the file read-only.
  private static final Capabilities CAPABILITIES =
      Capabilities.of(COPY, SCHEMA_ONLY_COPY, READONLY_SCOPE, BACKUP);

  private static final int SECRET_BYTES = 32;

  private final SecureRandom random = new SecureRandom();
  private final NameLocks locks = new NameLocks(64);
  private final SqliteFiles files;
  private final SqliteBaselines baselines;

  /**
   * A driver keeping its files in {@code directory}, reading baselines through {@code classLoader}.
   */
  public SqliteDriver(Path directory, ClassLoader classLoader) {
    this.files = new SqliteFiles(directory.toAbsolutePath().normalize());
    this.baselines = new SqliteBaselines(files, classLoader);
  }

  /** The directory holding the database files. */
  public Path directory() {
    return files.directory();
  }

  /** The file of the database of that name (which may not exist). */
  public Path file(String databaseName) {
    return files.database(databaseName);
  }

  @Override
  public String name() {
    return SqliteDriverProvider.NAME;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ProvisionedDatabase provision(ProvisionRequest request) {
    String name = request.databaseName();
    Path file = files.database(name);
    Lock lock = locks.of(name);
    lock.lock();
    try {
      if (Files.exists(file) || !publishCopyOfTemplate(request, file)) {
        // An earlier attempt, or another process, got here first: finish what it may have left
        // undone. On a complete database this is a no-op.
        baselines.migrate(file, request.baseline());
      }
      log.debug("provisioned sqlite database {} at {}", name, file);
      return describe(name, "provision");
    } catch (DriverException e) {
      throw e;
    } catch (Exception e) {
      throw SqliteErrors.failure("provision", name, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean exists(DatabaseRef database) {
    return Files.isRegularFile(files.database(database.databaseName()));
  }

  @Override
  public java.util.List<String> databases(@Nullable ServerTarget server, String prefix) {
    try (java.util.stream.Stream<java.nio.file.Path> entries = Files.list(files.directory())) {
      return entries
          .map(path -> path.getFileName().toString())
          .filter(name -> name.startsWith(prefix) && name.endsWith(".db"))
          .map(name -> name.substring(0, name.length() - ".db".length()))
          .sorted()
          .toList();
    } catch (java.nio.file.NoSuchFileException e) {
      return java.util.List.of();
    } catch (java.io.IOException e) {
      throw SqliteErrors.failure("list the databases in", files.directory().toString(), e);
    }
  }

  @Override
  public Optional<String> baselineVersion(DatabaseRef database) {
    try {
      return baselines.version(files.database(database.databaseName()));
    } catch (Exception e) {
      throw SqliteErrors.failure("read the baseline version of", database.databaseName(), e);
    }
  }

  @Override
  public void deprovision(DatabaseRef database) {
    String name = database.databaseName();
    Lock lock = locks.of(name);
    lock.lock();
    try {
      files.deleteDatabase(name);
      log.debug("deprovisioned sqlite database {}", name);
    } catch (Exception e) {
      throw SqliteErrors.failure("deprovision", name, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ProvisionedDatabase copy(DatabaseRef source, ProvisionRequest target, CopyMode mode) {
    String name = target.databaseName();
    Path targetFile = files.database(name);
    Lock lock = locks.of(name);
    lock.lock();
    try {
      // Checked before the source: a copy that completed stays valid even if its source is gone.
      if (!Files.exists(targetFile)) {
        Path sourceFile = files.database(source.databaseName());
        if (!Files.isRegularFile(sourceFile)) {
          throw SqliteErrors.permanent(
              "copy", name, "the source database " + source.databaseName() + " does not exist");
        }
        Path temporary = files.newTemporary(name);
        try {
          SqliteCopier.backup(sourceFile, temporary);
          if (mode == CopyMode.SCHEMA_ONLY) {
            SqliteCopier.deleteData(temporary);
          }
          // Refused before publishing: a database without a baseline must not appear provisioned.
          if (baselines.version(temporary).isEmpty()) {
            throw SqliteErrors.permanent(
                "copy", name, "the source database " + source.databaseName() + " has no baseline");
          }
          files.publish(temporary, targetFile);
        } finally {
          Files.deleteIfExists(temporary);
        }
        log.debug("copied sqlite database {} to {} ({})", source.databaseName(), name, mode);
      }
      return describe(name, "copy");
    } catch (DriverException e) {
      throw e;
    } catch (Exception e) {
      throw SqliteErrors.failure("copy " + source.databaseName() + " to", name, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * SQLite's online backup into {@code target}, stripped of its data for a schema-only snapshot:
   * the snapshot is itself a database file.
   */
  @Override
  public void backup(DatabaseRef database, CopyMode mode, Path target) {
    String name = database.databaseName();
    Path file = files.database(name);
    try {
      if (!Files.isRegularFile(file)) {
        throw SqliteErrors.permanent("back up", name, "the database does not exist");
      }
      SqliteCopier.backup(file, target);
      if (mode == CopyMode.SCHEMA_ONLY) {
        SqliteCopier.deleteData(target);
      }
    } catch (DriverException e) {
      throw e;
    } catch (Exception e) {
      throw SqliteErrors.failure("back up", name, e);
    }
  }

  /** Publishes a copy of the snapshot file under the database's name, replacing a leftover. */
  @Override
  public ProvisionedDatabase restore(Path snapshot, ProvisionRequest target) {
    String name = target.databaseName();
    Lock lock = locks.of(name);
    lock.lock();
    try {
      requireSnapshot(snapshot, name, "restore");
      // Before the temporary file exists: deleteDatabase also removes the name's temporary files.
      files.deleteDatabase(name);
      Path temporary = files.newTemporary(name);
      try {
        Files.copy(snapshot, temporary, StandardCopyOption.REPLACE_EXISTING);
        if (!files.publish(temporary, files.database(name))) {
          throw SqliteErrors.permanent(
              "restore", name, "another process created the database at the same time");
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
      log.debug("restored sqlite database {} from a snapshot", name);
      return describe(name, "restore");
    } catch (DriverException e) {
      throw e;
    } catch (Exception e) {
      throw SqliteErrors.failure("restore", name, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * SQLite's online backup from the snapshot into the live file, in one write transaction: readers
   * see the old pages or the new ones, writers wait on the busy timeout, and the file (so every
   * credential's connection spec) stays the same.
   */
  @Override
  public void restoreInPlace(DatabaseRef database, Path snapshot) {
    String name = database.databaseName();
    Path file = files.database(name);
    Lock lock = locks.of(name);
    lock.lock();
    try {
      if (!Files.isRegularFile(file)) {
        throw SqliteErrors.permanent("restore", name, "the database does not exist");
      }
      requireSnapshot(snapshot, name, "restore");
      try (Connection connection = SqliteConnections.open(file, SqliteConnections.existingFile());
          Statement statement = connection.createStatement()) {
        // sqlite-jdbc understands this statement itself; the path is quoted and holds no quote.
        statement.executeUpdate("restore from \"" + snapshot.toAbsolutePath() + "\"");
      }
      log.debug("restored sqlite database {} in place", name);
    } catch (DriverException e) {
      throw e;
    } catch (Exception e) {
      throw SqliteErrors.failure("restore", name, e);
    } finally {
      lock.unlock();
    }
  }

  /** The database file with its write-ahead log and journal. */
  @Override
  public long sizeBytes(DatabaseRef database) {
    String name = database.databaseName();
    Path file = files.database(name);
    try {
      if (!Files.isRegularFile(file)) {
        throw SqliteErrors.permanent("measure", name, "the database does not exist");
      }
      long size = Files.size(file);
      for (String suffix : new String[] {"-wal", "-journal"}) {
        Path companion = file.resolveSibling(file.getFileName() + suffix);
        if (Files.exists(companion)) {
          size += Files.size(companion);
        }
      }
      return size;
    } catch (DriverException e) {
      throw e;
    } catch (Exception e) {
      throw SqliteErrors.failure("measure", name, e);
    }
  }

  /** Refuses a file that is not a snapshot of a provisioned database (no baseline recorded). */
  private void requireSnapshot(Path snapshot, String name, String action) throws Exception {
    if (!Files.isRegularFile(snapshot) || baselines.version(snapshot).isEmpty()) {
      throw SqliteErrors.permanent(action, name, "the snapshot is not a provisioned database");
    }
  }

  @Override
  public IssuedCredential issueCredential(DatabaseRef database, CredentialRequest request) {
    if (!exists(database)) {
      throw SqliteErrors.permanent(
          "issue a credential for", database.databaseName(), "the database does not exist");
    }
    // SQLite never checks this secret; it is issued so that every driver hands the control plane
    // the same kind of credential, and a later server-backed driver can take over.
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return new IssuedCredential(
        request.username(),
        Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
        request.scope(),
        request.expiresAt());
  }

  /**
   * Does nothing: SQLite has no users, so one credential cannot be stopped without stopping all.
   * Cutting access to a database file means deprovisioning it.
   */
  @Override
  public void revokeCredential(DatabaseRef database, String username) {}

  @Override
  public ConnectionSpec connectionSpec(DatabaseRef database, IssuedCredential credential) {
    Path file = files.database(database.databaseName());
    // No secret anywhere: SQLite would ignore it, and sqlite-jdbc would read a "password" property
    // as an encryption key.
    return new ConnectionSpec(
        SqliteFiles.jdbcUrl(file),
        SqliteConnections.properties(SqliteConnections.forScope(credential.scope())));
  }

  @Override
  public Health health(@Nullable ServerTarget server) {
    Path directory = files.directory();
    try {
      files.ensureDirectory();
      // Actually writing a file is the only reliable test: permission bits say nothing about a
      // read-only mount or a full disk, and nothing at all to root.
      Path probe = Files.createTempFile(directory, ".health-", ".tmp");
      Files.delete(probe);
      return Health.up("directory " + directory + " is writable");
    } catch (Exception e) {
      return Health.down("directory " + directory + " is not writable: " + e);
    }
  }

  /** Deletes the templates; databases stay. */
  @Override
  public void close() {
    baselines.close();
  }

  /**
   * Publishes a copy of the baseline template under the final name. False when another caller
   * published first.
   */
  private boolean publishCopyOfTemplate(ProvisionRequest request, Path file) throws Exception {
    Path temporary = files.newTemporary(request.databaseName());
    try {
      Files.copy(
          baselines.template(request.baseline()), temporary, StandardCopyOption.REPLACE_EXISTING);
      return files.publish(temporary, file);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private ProvisionedDatabase describe(String name, String action) throws Exception {
    Path file = files.database(name);
    String version =
        baselines
            .version(file)
            .orElseThrow(
                () -> SqliteErrors.permanent(action, name, "no baseline version is recorded"));
    // Only facts that never change, so that repeated calls return equal results.
    return new ProvisionedDatabase(
        name, SqliteFiles.jdbcUrl(file), version, Map.of("file", file.toString()));
  }
}
