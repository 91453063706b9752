package io.envprov.provisioner.packages;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * An install done the way Flyway would do it, in one transaction and a handful of statements: on
 * PostgreSQL Flyway's lock on the package's history; the history read (inside the lock); the
 * pending migrations; the history rows Flyway would write (same rank, version, description, type,
 * script, checksum, installed_by, success); the package's row; one commit. What it leaves is what
 * {@link FlywayRunner} leaves (the equivalence tests run both and have Flyway validate the result),
 * but Flyway itself sends some forty statements per upgrade on PostgreSQL (role and search-path
 * resets, catalog look-ups, the history re-read after each migration), which on a fleet costs more
 * than the migrations, and on SQLite commits twice (its group, then the row) where once is enough.
 *
 * <p>Only migrations that are plain transactional SQL take this way ({@link #eligible}); anything
 * Flyway treats specially (statements it runs outside a transaction, {@code COPY}, {@code PRAGMA},
 * triggers and functions, transaction control, role or search-path changes) goes to Flyway, and so
 * does libSQL (its JDBC driver runs one statement per call; Flyway splits scripts). On PostgreSQL
 * the search path is Flyway's during the transaction ({@code public} first) and the role the
 * session's (the admin group).
 */
final class PreparedUpgrade {

  /** What Flyway runs outside a transaction, or handles itself, or what would end ours. */
  private static final Pattern SPECIAL =
      Pattern.compile(
          "(?i)\\b(concurrently|vacuum|reindex|cluster|discard|copy|tablespace|search_path"
              + "|commit|rollback|savepoint|release|begin|end|abort|checkpoint|pragma"
              + "|attach|detach|backup|restore"
              + "|(set|reset)\\s+role|session\\s+authorization|alter\\s+system"
              + "|(create|drop|alter)\\s+database|start\\s+transaction|add\\s+value)\\b"
              + "|\\$\\{");

  /** Flyway's advisory lock of a history table: its magic number plus the table's hash. */
  private static final long FLYWAY_LOCK =
      (0x46L << 40) + (0x6CL << 32) + (0x79L << 24) + (0x77 << 16) + (0x61 << 8) + 0x79;

  private static final String HISTORY_COLUMNS =
      " (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\","
          + " \"installed_by\", \"execution_time\", \"success\")";

  private static final int INSTALLED_BY_LENGTH = 100;

  private PreparedUpgrade() {}

  /** Whether every migration of {@code target} is plain transactional SQL in {@code dialect}. */
  static boolean eligible(PackageVersion target, Dialect dialect) {
    for (Migration migration : target.migrations()) {
      String sql = migration.sqlFor(dialect);
      if (sql == null || SPECIAL.matcher(sql).find()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the connection runs every statement of a script in one call: PostgreSQL's driver does
   * ({@code execute}), so does sqlite-jdbc ({@code executeUpdate}, through {@code sqlite3_exec});
   * libSQL's does not.
   */
  static boolean runsScripts(Connection connection, Dialect dialect) throws SQLException {
    return dialect == Dialect.POSTGRES
        || String.valueOf(connection.getMetaData().getURL()).startsWith("jdbc:sqlite:");
  }

  /** The key of Flyway's PostgreSQL advisory lock on {@code "public".<table>}. */
  static long lockKey(String table) {
    return FLYWAY_LOCK + ("\"public\".\"" + table + "\"").hashCode();
  }

  /**
   * Installs {@code target} over {@code connection} (in autocommit mode), all of it in one
   * transaction: see {@link PackageMigrator#install}.
   */
  static InstallResult install(
      Connection connection,
      Dialect dialect,
      PackageVersion target,
      List<PackageVersion> catalog,
      String installedBy,
      boolean ignoreDrift) {
    Sql sql = Sql.of(dialect);
    String table = HistoryTable.of(target.name());
    Histories.State state;
    List<HistoryRow> history;
    Installations.Row row;
    try {
      Reads reads = read(connection, dialect, table, target.name());
      state = reads.state();
      history = reads.history();
      row = reads.row();
    } catch (SQLException e) {
      rollback(connection);
      throw Failures.unreachable("cannot read the history of " + target.name(), e);
    }
    List<String> applied = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    Migration running = null;
    try {
      InstallPlan.requireBaseline(target, state);
      String from = InstallPlan.fromVersion(target, catalog, history, row);
      InstallPlan.check(target, catalog, dialect, history, ignoreDrift);
      if (InstallPlan.hasFailedRows(history)) {
        Histories.deleteFailed(connection, table); // drift ignored: run them again
      }
      List<Migration> pending = InstallPlan.pending(target, history);
      if (!pending.isEmpty()) {
        if (!state.history()) {
          try (Statement statement = connection.createStatement()) {
            for (String ddl : HistoryTable.createStatements(dialect, table)) {
              statement.execute(ddl);
            }
          }
        }
        int rank = history.stream().mapToInt(HistoryRow::rank).max().orElse(0);
        try (Statement statement = connection.createStatement()) {
          for (Migration migration : pending) {
            running = migration;
            long start = System.nanoTime();
            String script = migration.sqlFor(dialect);
            if (dialect == Dialect.POSTGRES) {
              statement.execute(script);
            } else {
              statement.executeUpdate(script); // sqlite-jdbc: every statement of the script
            }
            int millis = (int) ((System.nanoTime() - start) / 1_000_000);
            rows.add(historyRow(++rank, migration, dialect, installedBy, millis));
            applied.add(migration.version());
          }
        }
        running = null;
      }
      Histories.State now = state;
      if (target.isSystem() && !applied.isEmpty()) {
        // The baseline may just have created the table or its checksum column.
        now = Histories.state(connection, sql, table);
      }
      Installations.Write record =
          now.installations() && (!applied.isEmpty() || !InstallPlan.recorded(target, row))
              ? Installations.installed(
                  sql, now.checksumColumn(), row != null, target, installedBy, applied)
              : null;
      write(connection, dialect, table, rows, record);
      connection.commit();
      connection.setAutoCommit(true);
      return new InstallResult(target.name(), from, target.version(), applied);
    } catch (PackageException e) {
      rollback(connection);
      throw e;
    } catch (SQLException e) {
      rollback(connection);
      if (Failures.isConnectionFailure(e)) {
        throw Failures.unreachable(target.name() + " " + target.version(), e);
      }
      String message =
          running != null
              ? Failures.migrationFailed(target, running, e)
              : Failures.migrationFailed(target, e);
      PackageException failed =
          new PackageException(PackageException.Reason.MIGRATION_FAILED, message, e);
      recordFailure(connection, dialect, state, row, target, installedBy, message, failed);
      throw failed;
    }
  }

  /**
   * Takes Flyway's lock on the history (a transaction lock: it goes with the commit or the
   * rollback; Flyway's session lock on the same key waits for it and the other way round) and puts
   * {@code public} first on the search path for the transaction, as Flyway does for each migration.
   */
  private static void lock(Connection connection, String table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT pg_catalog.pg_advisory_xact_lock(?),"
                + " pg_catalog.set_config('search_path',"
                + " '\"public\",' || pg_catalog.current_setting('search_path'), true)")) {
      statement.setLong(1, lockKey(table));
      statement.executeQuery().close();
    }
  }

  /** The history row Flyway writes for a migration it ran. */
  private static Object[] historyRow(
      int rank, Migration migration, Dialect dialect, String installedBy, int millis) {
    return new Object[] {
      rank,
      MigrationVersion.fromVersion(migration.version()).getVersion(),
      MemoryMigrations.recordedDescription(migration),
      MemoryMigrations.filename(migration),
      migration.checksum(dialect),
      installedBy.length() > INSTALLED_BY_LENGTH
          ? installedBy.substring(0, INSTALLED_BY_LENGTH)
          : installedBy,
      millis
    };
  }

  /**
   * Writes the history rows and the package's row: on PostgreSQL in one statement (the history
   * insert as a data-modifying {@code WITH}), on SQLite (no round trips to save) one after the
   * other.
   */
  private static void write(
      Connection connection,
      Dialect dialect,
      String table,
      List<Object[]> rows,
      Installations.@Nullable Write record)
      throws SQLException {
    StringBuilder history = new StringBuilder();
    List<@Nullable Object> parameters = new ArrayList<>();
    if (!rows.isEmpty()) {
      history
          .append("INSERT INTO ")
          .append(dialect == Dialect.POSTGRES ? "\"public\"." : "\"main\".")
          .append(Sql.quote(table))
          .append(HISTORY_COLUMNS)
          .append(" VALUES ");
      for (int i = 0; i < rows.size(); i++) {
        history.append(i == 0 ? "" : ", ").append("(?, ?, ?, 'SQL', ?, ?, ?, ?, ?)");
        parameters.addAll(List.of(rows.get(i)));
        parameters.add(true);
      }
    }
    if (dialect == Dialect.POSTGRES && record != null && !rows.isEmpty()) {
      List<@Nullable Object> both = new ArrayList<>(parameters);
      both.addAll(record.parameters());
      new Installations.Write(
              "WITH history AS (" + history + ") " + record.sql(), both, record.fallback())
          .execute(connection);
      return;
    }
    if (!rows.isEmpty()) {
      new Installations.Write(history.toString(), parameters, null).execute(connection);
    }
    if (record != null) {
      record.execute(connection);
    }
  }

  /** What the install read: the state, the history and the package's row. */
  record Reads(Histories.State state, List<HistoryRow> history, Installations.@Nullable Row row) {}

  /**
   * Opens the transaction and reads. On PostgreSQL Flyway's lock comes first, then (when both
   * tables exist, as for every upgrade) one query; else, and on SQLite, a query per thing.
   */
  private static Reads read(Connection connection, Dialect dialect, String table, String name)
      throws SQLException {
    connection.setAutoCommit(false);
    if (dialect == Dialect.POSTGRES) {
      lock(connection, table);
      try {
        return PostgresReads.read(connection, table, name);
      } catch (SQLException e) {
        if (!PostgresReads.UNDEFINED_TABLE.equals(e.getSQLState())) {
          throw e;
        }
        connection.rollback(); // the failed query aborted the transaction: start again
        lock(connection, table);
      }
    }
    Sql sql = Sql.of(dialect);
    Histories.State state = Histories.state(connection, sql, table);
    List<HistoryRow> history = state.history() ? Histories.read(connection, sql, table) : List.of();
    Installations.Row row =
        state.installations()
            ? Installations.row(connection, sql, name, state.checksumColumn())
            : null;
    return new Reads(state, history, row);
  }

  private static void recordFailure(
      Connection connection,
      Dialect dialect,
      Histories.State state,
      Installations.@Nullable Row row,
      PackageVersion target,
      String installedBy,
      String message,
      PackageException failed) {
    if (!state.installations()) {
      return;
    }
    try {
      connection.setAutoCommit(true);
      Installations.recordFailed(
          connection, Sql.of(dialect), state.checksumColumn(), row, target, installedBy, message);
    } catch (SQLException e) {
      failed.addSuppressed(e);
    }
  }

  private static void rollback(Connection connection) {
    try {
      connection.rollback();
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      // the connection is gone; closing it is all that is left
    }
  }
}
