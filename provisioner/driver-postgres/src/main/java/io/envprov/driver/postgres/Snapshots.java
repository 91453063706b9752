package io.envprov.driver.postgres;

import io.envprov.driver.postgres.ClientProcess.Workspace;
import io.envprov.driver.postgres.PostgresClientTools.Toolset;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.driver.spi.UnsupportedCapabilityException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups and restores with the PostgreSQL client programs: a snapshot is a {@code pg_dump} archive
 * in the custom format of schema {@code public}, the one schema a database's tenant has.
 *
 * <p><b>Who runs what.</b> The programs never connect as the server admin: everything in schema
 * {@code public} belongs to the tenant (an admin credential owns it all), and a dump or a restore
 * runs the tenant's code (a restore evaluates the tenant's check constraints, generated columns and
 * index expressions), which as the admin could {@code RESET ROLE} and act as a superuser. They
 * connect as a {@link ProbeLogin} of the database's admin group, which may read and replace
 * everything there and nothing more, with the probe's password in a passfile ({@link
 * ClientProcess}). The server admin only prepares: it checks the database, gives objects that
 * credentials made as themselves to the admin group ({@code REASSIGN OWNED}, so the group can dump
 * them), creates and drops the probe, and creates the database of a restore.
 *
 * <p><b>Backup.</b> {@code pg_dump --format=custom --schema=public --no-privileges}, with large
 * objects; for {@link CopyMode#SCHEMA_ONLY} without large objects and with the data of every table
 * but {@code flyway_schema_history} excluded (one pattern, {@link #allTablesBut}), so that the
 * snapshot keeps its baseline history, as a schema-only copy does, and is still one consistent
 * {@code pg_dump} run. The database stays usable: {@code pg_dump} takes {@code ACCESS SHARE} locks
 * only. The advisory lock of the database is held while preparing, not while {@code pg_dump} runs,
 * so credentials can be issued meanwhile.
 *
 * <p><b>Restore, in place or into a new database.</b> Atomic: {@code pg_restore} turns the archive
 * into SQL, without owners or privileges and without the {@code CREATE SCHEMA public} (the schema
 * stays, owned by the admin group); {@code psql} runs, in one transaction as the admin group, first
 * {@link DatabaseSetup#clearPublicSchema} (everything in {@code public} is dropped, also what was
 * made after the backup), then the archive, then {@link DatabaseSetup#grants} (the privileges of
 * the readwrite and readonly groups, as provisioning gives them) and a check that a baseline
 * history came along. The {@code COMMIT} is sent only when {@code pg_restore} has read the whole
 * archive: a truncated or corrupt archive, an error of any statement, a lost connection all leave
 * the old contents. Clients of the database keep their sessions: a query that reaches a table being
 * replaced waits for the lock and then reads the new table (PostgreSQL looks the name up again
 * after a lock wait), and the logins, being members of the groups, keep their rights. A new
 * database is made as {@link Provisioning} makes one (from {@code template1}, its groups, closed to
 * {@code PUBLIC}, schema {@code public} owned by the admin group, grants and default privileges),
 * without the baseline, then restored the same way; a database of that name left by an earlier
 * attempt is dropped first.
 */
final class Snapshots {

  private static final Logger log = LoggerFactory.getLogger(Snapshots.class);

  /** The entry of {@code pg_restore --list} that would create schema {@code public}. */
  private static final Pattern SCHEMA_PUBLIC_ENTRY =
      Pattern.compile("^\\d+; \\d+ \\d+ SCHEMA - public( .*)?$");

  private final PostgresSettings settings;
  private final PostgresClientTools tools;

  /** {@code server_version_num} by server, as last seen. */
  private final Map<String, Integer> serverVersions = new ConcurrentHashMap<>();

  Snapshots(PostgresSettings settings, PostgresClientTools tools) {
    this.settings = settings;
    this.tools = tools;
  }

  // --- what a server supports ---

  /** Whether any client programs were found at all. */
  boolean anyTools() {
    return tools.any();
  }

  /**
   * Whether the server can be backed up and restored with the programs found; empty when its
   * version has not been seen yet ({@link #readServerVersion}).
   */
  Optional<Boolean> supports(ServerTarget target) {
    @Nullable Integer version = serverVersions.get(key(target));
    return version == null ? Optional.empty() : Optional.of(tools.forServer(version).isPresent());
  }

  /** Asks the server for its version (one round trip on a pooled admin connection). */
  int readServerVersion(PostgresServer server) throws SQLException {
    try (AdminSession admin = AdminSession.open(server)) {
      int version = admin.serverVersion();
      serverVersions.put(key(server.target()), version);
      return version;
    }
  }

  // --- backup ---

  void backup(PostgresServer server, String name, CopyMode mode, Path target)
      throws SQLException, IOException {
    String action = "back up";
    PostgresNames names = new PostgresNames(name);
    Toolset toolset;
    ProbeLogin probe;
    try (AdminSession admin = AdminSession.open(server)) {
      toolset = toolsFor(server, admin);
      admin.lock(name);
      requireProvisioned(server, admin, names, action);
      admin.restoreConnections(name);
      adoptStrays(server, admin, names);
      probe = ProbeLogin.create(server, admin, names, names.adminGroup());
    }
    // The lock and the admin connection are given back while pg_dump runs, which may take long.
    try (Workspace workspace = Workspace.create()) {
      dump(server, names, mode, target, toolset, probe, workspace);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(target);
      dropQuietly(server, probe, e);
      throw e;
    }
    try (AdminSession admin = AdminSession.open(server)) {
      probe.dropWith(admin);
    }
    log.debug("backed up postgres database {} ({}) with pg_dump {}", name, mode, toolset.version());
  }

  private void dump(
      PostgresServer server,
      PostgresNames names,
      CopyMode mode,
      Path target,
      Toolset toolset,
      ProbeLogin probe,
      Workspace workspace)
      throws IOException {
    String name = names.database();
    Path passfile = workspace.passfile(probe.role(), probe.secret());
    List<String> command =
        ClientProcess.command(
            toolset.pgDump(),
            "--format=custom",
            "--file=" + target,
            "--no-password",
            "--schema=public",
            "--no-privileges",
            "--no-owner",
            "--no-publications",
            "--no-subscriptions",
            "--no-security-labels",
            "--no-tablespaces",
            "--lock-wait-timeout=" + settings.lockTimeout().toMillis(),
            mode == CopyMode.EVERYTHING
                // --blobs was renamed in 16 (and is still understood there)
                ? (toolset.major() >= 1600 ? "--large-objects" : "--blobs")
                : "--exclude-table-data=public." + allTablesBut(DatabaseSetup.HISTORY),
            "--dbname=" + server.conninfo(name, probe.role()));
    Path errors = workspace.file("pg_dump.err");
    Process process =
        ClientProcess.builder(command, workspace, passfile)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(errors.toFile())
            .start();
    int exit = waitFor(process, server, name, "back up");
    if (exit != 0) {
      throw PostgresErrors.program(
          "back up",
          name,
          server.id(),
          ClientProcess.failure(PostgresClientTools.PG_DUMP, exit, errors, secrets(server, probe)));
    }
  }

  // --- restores ---

  ProvisionedDatabase restore(PostgresServer server, Path snapshot, ProvisionRequest request)
      throws SQLException, IOException {
    String name = request.databaseName();
    String action = "restore";
    PostgresNames names = new PostgresNames(name);
    try (AdminSession admin = AdminSession.open(server);
        Workspace workspace = Workspace.create()) {
      Toolset toolset = toolsFor(server, admin);
      admin.lock(name);
      Path entries = entries(server, name, action, toolset, snapshot, workspace);
      // Left by an earlier attempt: made again from the start.
      admin.dropDatabase(name);
      admin.createDatabase(name, null, settings.createStrategy());
      admin.ensureGroups(
          names.groups(),
          AdminSession.rolesFound(
              Sql.single(
                  admin.connection(), "SELECT " + AdminSession.rolesExpression(names.groups()))),
          AdminSession.lockDownStatements(name, names));
      try (Connection db = server.database(name)) {
        // Made by this call from template1 a moment ago: nothing in it is a tenant's yet.
        Sql.inTransaction(db, c -> Sql.batch(c, DatabaseSetup.secure(names)));
      }
      load(server, admin, names, action, toolset, snapshot, entries, workspace);
      Optional<String> version;
      try (ProbeLogin probe = ProbeLogin.create(server, admin, names, names.readonlyGroup())) {
        version = probe.version(name);
      }
      log.debug("restored postgres database {} from a snapshot", name);
      return Provisioning.describe(
          server, names, Provisioning.requireVersion(server, names, version, action));
    }
  }

  void restoreInPlace(PostgresServer server, String name, Path snapshot)
      throws SQLException, IOException {
    String action = "restore";
    PostgresNames names = new PostgresNames(name);
    try (AdminSession admin = AdminSession.open(server);
        Workspace workspace = Workspace.create()) {
      Toolset toolset = toolsFor(server, admin);
      admin.lock(name);
      requireProvisioned(server, admin, names, action);
      Path entries = entries(server, name, action, toolset, snapshot, workspace);
      admin.restoreConnections(name);
      adoptStrays(server, admin, names);
      load(server, admin, names, action, toolset, snapshot, entries, workspace);
      log.debug("restored postgres database {} in place", name);
    }
  }

  /**
   * The archive's entries as {@code pg_restore --list} gives them, without the one creating schema
   * {@code public}, in a file for {@code --use-list}. Reading the list checks the archive's header
   * before anything is changed.
   */
  private Path entries(
      PostgresServer server,
      String name,
      String action,
      Toolset toolset,
      Path snapshot,
      Workspace workspace)
      throws IOException {
    if (!Files.isRegularFile(snapshot) || !Files.isReadable(snapshot)) {
      throw PostgresErrors.permanent(
          action, name, server.id(), "the snapshot " + snapshot + " is not a readable file");
    }
    Path listed = workspace.file("snapshot.list");
    Path errors = workspace.file("pg_restore-list.err");
    List<String> command =
        ClientProcess.command(toolset.pgRestore(), "--list", "--file=" + listed, snapshot);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.directory().toFile());
    ClientProcess.cleanEnvironment(builder.environment());
    Process process =
        builder
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(errors.toFile())
            .start();
    int exit = waitFor(process, server, name, action);
    if (exit != 0) {
      ClientProcess.Failure failure =
          ClientProcess.failure(PostgresClientTools.PG_RESTORE, exit, errors, server.secrets());
      throw PostgresErrors.permanent(
          action, name, server.id(), "the snapshot cannot be read: " + failure.reason());
    }
    List<String> kept =
        Files.readAllLines(listed, StandardCharsets.UTF_8).stream()
            .filter(line -> !SCHEMA_PUBLIC_ENTRY.matcher(line).matches())
            .toList();
    Path entries = workspace.file("restore.list");
    Files.write(entries, kept, StandardCharsets.UTF_8);
    return entries;
  }

  /**
   * Replaces everything in schema {@code public} with the archive's contents, in one transaction of
   * a probe login of the admin group (see the class comment).
   */
  private void load(
      PostgresServer server,
      AdminSession admin,
      PostgresNames names,
      String action,
      Toolset toolset,
      Path snapshot,
      Path entries,
      Workspace workspace)
      throws SQLException, IOException {
    String name = names.database();
    try (ProbeLogin probe = ProbeLogin.create(server, admin, names, names.adminGroup())) {
      Path passfile = workspace.passfile(probe.role(), probe.secret());
      List<String> secrets = secrets(server, probe);
      Path restoreErrors = workspace.file("pg_restore.err");
      Path psqlErrors = workspace.file("psql.err");
      Process restorer =
          ClientProcess.builder(
                  ClientProcess.command(
                      toolset.pgRestore(),
                      "--use-list=" + entries,
                      "--no-owner",
                      "--no-privileges",
                      "--file=-",
                      snapshot),
                  workspace,
                  passfile)
              .redirectError(restoreErrors.toFile())
              .start();
      Process client;
      try {
        client =
            ClientProcess.builder(
                    ClientProcess.command(
                        toolset.psql(),
                        "--no-psqlrc",
                        "--quiet",
                        "--no-password",
                        "--set=ON_ERROR_STOP=1",
                        "--set=VERBOSITY=verbose",
                        "--dbname=" + server.conninfo(name, probe.role())),
                    workspace,
                    passfile)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(psqlErrors.toFile())
                .start();
      } catch (IOException e) {
        ClientProcess.stop(restorer);
        throw e;
      }
      try {
        Feed fed = feedInTheBackground(restorer, client, names, server, action);
        if (fed == Feed.ARCHIVE_UNREADABLE) {
          // No COMMIT was sent: ending psql ends its session, and the server rolls back.
          ClientProcess.stop(client);
          int exit = restorer.exitValue();
          throw PostgresErrors.permanent(
              action,
              name,
              server.id(),
              "the snapshot cannot be read to its end (nothing was changed): "
                  + ClientProcess.failure(
                          PostgresClientTools.PG_RESTORE, exit, restoreErrors, secrets)
                      .reason());
        }
        if (fed == Feed.CLIENT_STOPPED) {
          ClientProcess.stop(restorer);
        }
        int exit = waitFor(client, server, name, action);
        if (exit != 0) {
          throw PostgresErrors.program(
              action,
              name,
              server.id(),
              ClientProcess.failure(PostgresClientTools.PSQL, exit, psqlErrors, secrets));
        }
      } finally {
        ClientProcess.stop(restorer);
        ClientProcess.stop(client);
      }
    }
  }

  /** How feeding psql ended. */
  private enum Feed {
    /** The whole archive, then the grants, the check and {@code COMMIT}. */
    COMPLETE,
    /** {@code pg_restore} failed: psql got no {@code COMMIT}. */
    ARCHIVE_UNREADABLE,
    /** psql stopped reading (it failed: a statement, the login, the connection). */
    CLIENT_STOPPED
  }

  /**
   * {@link #feed} on a thread of its own, so that the caller can be interrupted (a time limit)
   * while the pipes block: both programs are then stopped, psql without a {@code COMMIT}.
   */
  private Feed feedInTheBackground(
      Process restorer, Process client, PostgresNames names, PostgresServer server, String action)
      throws IOException {
    FutureTask<Feed> feeding = new FutureTask<>(() -> feed(restorer, client, names));
    Thread pump = new Thread(feeding, "envprov-postgres-restore-" + names.database());
    pump.setDaemon(true);
    pump.start();
    try {
      return feeding.get();
    } catch (InterruptedException e) {
      ClientProcess.stop(client);
      ClientProcess.stop(restorer);
      Thread.currentThread().interrupt();
      throw DriverException.transientFailure(
          "could not "
              + action
              + " postgres database "
              + names.database()
              + " on server "
              + server.id()
              + ": interrupted (nothing was changed)",
          null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("feeding psql failed", e.getCause());
    }
  }

  /**
   * Sends psql the opening statements, {@code pg_restore}'s SQL and, only when {@code pg_restore}
   * succeeded, the closing statements with {@code COMMIT}.
   */
  private Feed feed(Process restorer, Process client, PostgresNames names)
      throws InterruptedException {
    OutputStream input = client.getOutputStream();
    try {
      input.write(script(opening(names)));
      try (InputStream sql = restorer.getInputStream()) {
        sql.transferTo(input);
      }
      if (restorer.waitFor() != 0) {
        return Feed.ARCHIVE_UNREADABLE;
      }
      input.write(script(closing(names)));
      input.close();
      return Feed.COMPLETE;
    } catch (IOException e) {
      return Feed.CLIENT_STOPPED;
    }
  }

  /** What runs before the archive: the transaction, the admin group's role, the clearing. */
  private List<String> opening(PostgresNames names) {
    return List.of(
        "SET client_min_messages = warning",
        "BEGIN",
        "SET lock_timeout = '" + settings.lockTimeout().toMillis() + "ms'",
        "SET search_path = pg_catalog, pg_temp",
        "SET ROLE " + Sql.ident(names.adminGroup()),
        DatabaseSetup.clearPublicSchema());
  }

  /** What runs after the archive: the grants, the baseline check, {@code COMMIT}. */
  private static List<String> closing(PostgresNames names) {
    List<String> statements = new ArrayList<>();
    statements.add("SET search_path = pg_catalog, pg_temp");
    // The tenant's code that ran during the restore may have changed the role.
    statements.add("SET ROLE " + Sql.ident(names.adminGroup()));
    statements.addAll(DatabaseSetup.grants(names));
    statements.add(DatabaseSetup.requireHistory());
    statements.add("COMMIT");
    return statements;
  }

  private static byte[] script(List<String> statements) {
    return statements.stream()
        .map(statement -> statement + ";\n")
        .collect(Collectors.joining())
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A {@code pg_dump} name pattern (psql's pattern syntax, anchored) matching every name but {@code
   * name}: {@code pg_dump} can exclude the data of tables by pattern but cannot include the data of
   * just one table in a schema-only dump. The alternatives are every name that differs from {@code
   * name} at some position, every proper prefix of it and every name it is a proper prefix of;
   * {@code *} means any characters, {@code ?} any one.
   */
  static String allTablesBut(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("a plain lower-case name is expected: " + name);
    }
    List<String> alternatives = new ArrayList<>();
    for (int i = 0; i < name.length(); i++) {
      String prefix = name.substring(0, i);
      alternatives.add(prefix + "[^" + name.charAt(i) + "]*");
      if (i > 0) {
        alternatives.add(prefix);
      }
    }
    alternatives.add(name + "?*");
    return "(" + String.join("|", alternatives) + ")";
  }

  // --- size ---

  long sizeBytes(PostgresServer server, String name) throws SQLException {
    try (AdminSession admin = AdminSession.open(server)) {
      @Nullable String size =
          Sql.single(
              admin.connection(),
              "SELECT pg_catalog.pg_database_size(d.oid) FROM pg_catalog.pg_database d"
                  + " WHERE d.datname = ?",
              name);
      if (size == null) {
        throw PostgresErrors.permanent("measure", name, server.id(), "the database does not exist");
      }
      return Long.parseLong(size);
    }
  }

  // --- helpers ---

  /**
   * The client programs for the server, whose version is remembered for {@link #supports}.
   *
   * @throws UnsupportedCapabilityException (permanent) saying what was found and how to point the
   *     driver at the right programs, when none serve this server: what {@link
   *     PostgresDriver#capabilities(ServerTarget)} announces
   */
  private Toolset toolsFor(PostgresServer server, AdminSession admin) {
    int version = admin.serverVersion();
    serverVersions.put(key(server.target()), version);
    return tools
        .forServer(version)
        .orElseThrow(
            () ->
                new UnsupportedCapabilityException(
                    PostgresDriverProvider.NAME,
                    "backups or restores on server "
                        + server.id()
                        + ": "
                        + tools.unsuitable(version)));
  }

  private static void requireProvisioned(
      PostgresServer server, AdminSession admin, PostgresNames names, String action)
      throws SQLException {
    if (!admin.databaseExists(names.database())) {
      throw PostgresErrors.permanent(
          action, names.database(), server.id(), "the database does not exist");
    }
    if (admin.existing(names.groups()).size() != names.groups().size()) {
      throw PostgresErrors.permanent(
          action,
          names.database(),
          server.id(),
          "its group roles are missing (the database is not fully provisioned)");
    }
  }

  /**
   * Gives what credentials own in the database (made after a {@code RESET ROLE}) to the admin
   * group, as revoking them would: everything in schema {@code public} then belongs to the group,
   * so that a probe of the group can dump and replace it all. DDL only, as the server admin.
   */
  private static void adoptStrays(PostgresServer server, AdminSession admin, PostgresNames names)
      throws SQLException {
    List<String> logins = admin.actAs(admin.membersOf(names.groups()));
    if (logins.isEmpty()) {
      return;
    }
    try (Connection db = server.database(names.database())) {
      Sql.execute(
          db, "REASSIGN OWNED BY " + Sql.idents(logins) + " TO " + Sql.ident(names.adminGroup()));
    }
  }

  private static int waitFor(Process process, PostgresServer server, String name, String action) {
    try {
      return ClientProcess.waitFor(process);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DriverException.transientFailure(
          "could not "
              + action
              + " postgres database "
              + name
              + " on server "
              + server.id()
              + ": interrupted",
          null);
    }
  }

  private static List<String> secrets(PostgresServer server, ProbeLogin probe) {
    List<String> secrets = new ArrayList<>(server.secrets());
    secrets.add(probe.secret());
    return secrets;
  }

  private static void dropQuietly(PostgresServer server, ProbeLogin probe, Exception failure) {
    try (AdminSession admin = AdminSession.open(server)) {
      probe.dropWith(admin);
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a partial snapshot the caller's directory keeps; the caller deletes its temporary files
    }
  }

  private static String key(ServerTarget target) {
    return target.id() + '\n' + target.adminUrl();
  }
}
