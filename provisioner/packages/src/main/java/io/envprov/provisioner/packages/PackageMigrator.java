package io.envprov.provisioner.packages;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies package versions inside an environment's database and reads back what it holds. The
 * database is the truth: every call reads its history first, so running an install twice (a crash,
 * a retry, a revived rollout) never runs a migration twice.
 *
 * <p>The {@link DataSource} opens connections with the environment's admin credential; on
 * PostgreSQL that login acts as the database's admin group, so what a migration creates is owned by
 * the group like the baseline is. Each call opens one connection and does everything over it.
 *
 * <p>An install runs one of two ways that leave the same database: plain transactional migrations
 * on PostgreSQL and SQLite files go through {@link PreparedUpgrade} (what Flyway would do, in one
 * transaction with the history rows and the package's row, in a handful of statements); the rest
 * (migrations Flyway runs outside a transaction or parses specially, and libSQL) through Flyway
 * itself ({@link FlywayRunner}, migrations from memory, {@code group}), then the row. Thread-safe;
 * one instance serves every environment.
 */
public final class PackageMigrator {

  private static final Logger log = LoggerFactory.getLogger(PackageMigrator.class);

  private final FlywayRunner flyway;
  private final boolean prepared;

  public PackageMigrator(ClassLoader classLoader) {
    this(classLoader, true);
  }

  /**
   * @param prepared whether plain migrations run as {@link PreparedUpgrade} does (the default)
   *     rather than through Flyway; tests compare the two
   */
  PackageMigrator(ClassLoader classLoader, boolean prepared) {
    this.flyway = new FlywayRunner(classLoader);
    this.prepared = prepared;
  }

  /**
   * Brings the package in the database to {@code target}: runs only the migrations its history
   * lacks, all of them in one transaction where the dialect allows it, then records the
   * installation in {@code sys_package_installation}. A no-op (empty {@link
   * InstallResult#applied()}) when the database already has them all.
   *
   * <p>With {@code ignoreDrift}, the rows of failed migrations are removed from the history first
   * (as Flyway's {@code repair} does), so that they run again.
   *
   * @param catalog every version of the package the catalog has (target included), for drift
   * @param ignoreDrift apply even when the recorded history differs from the catalog
   * @throws PackageException {@link PackageException.Reason#DRIFT} (nothing run) unless {@code
   *     ignoreDrift}; {@link PackageException.Reason#DOWNGRADE} (nothing run) when the database
   *     holds a newer version; {@link PackageException.Reason#MIGRATION_FAILED}, the database left
   *     at its previous version and the installation recorded {@code failed} (also, with nothing
   *     run or recorded, when a migration has no SQL for the dialect or the database has no
   *     data-plane baseline); or {@link PackageException.Reason#UNREACHABLE}
   * @throws IllegalArgumentException for an invalid package name or migration version
   */
  public InstallResult install(
      DataSource database,
      Dialect dialect,
      PackageVersion target,
      List<PackageVersion> catalog,
      String installedBy,
      boolean ignoreDrift) {
    String table = HistoryTable.of(target.name());
    MemoryMigrations migrations = MemoryMigrations.of(target, dialect);
    Connection connection = open(database);
    try {
      InstallResult result =
          prepared && PreparedUpgrade.eligible(target, dialect) && runsScripts(connection, dialect)
              ? PreparedUpgrade.install(
                  connection, dialect, target, catalog, installedBy, ignoreDrift)
              : installWithFlyway(
                  connection,
                  dialect,
                  table,
                  migrations,
                  target,
                  catalog,
                  installedBy,
                  ignoreDrift);
      log.debug("{} {} installed ({} applied)", target.name(), target.version(), result.applied());
      return result;
    } finally {
      close(connection);
    }
  }

  /**
   * Reads the history, checks it, has Flyway run what is pending (in its group transaction), then
   * records the row: for migrations {@link PreparedUpgrade} leaves to Flyway, and on libSQL.
   */
  private InstallResult installWithFlyway(
      Connection connection,
      Dialect dialect,
      String table,
      MemoryMigrations migrations,
      PackageVersion target,
      List<PackageVersion> catalog,
      String installedBy,
      boolean ignoreDrift) {
    Sql sql = Sql.of(dialect);
    Histories.State state;
    List<HistoryRow> history;
    Installations.Row row;
    try {
      state = Histories.state(connection, sql, table);
      history = state.history() ? Histories.read(connection, sql, table) : List.of();
      row =
          state.installations()
              ? Installations.row(connection, sql, target.name(), state.checksumColumn())
              : null;
    } catch (SQLException e) {
      throw Failures.unreachable("cannot read the history of " + target.name(), e);
    }
    InstallPlan.requireBaseline(target, state);
    String from = InstallPlan.fromVersion(target, catalog, history, row);
    InstallPlan.check(target, catalog, dialect, history, ignoreDrift);
    List<String> applied = List.of();
    boolean failedRows = InstallPlan.hasFailedRows(history);
    if (failedRows || !InstallPlan.pending(target, history).isEmpty()) {
      applied =
          InstallPlan.catalogVersions(
              target,
              migrate(
                  connection, dialect, target, migrations, state, row, installedBy, failedRows));
    }
    record(connection, sql, target, state, row, installedBy, applied);
    return new InstallResult(target.name(), from, target.version(), applied);
  }

  /**
   * What the database says is installed: one entry per package in {@code sys_package_installation},
   * plus {@code system} from Flyway's history (its version: the highest baseline version applied),
   * plus any package whose history table has rows but that has no row (version null), {@code
   * system} first, then by name.
   *
   * @throws PackageException {@link PackageException.Reason#UNREACHABLE}
   */
  public List<InstalledPackage> installed(DataSource database, Dialect dialect) {
    Connection connection = open(database);
    try {
      return InstalledPackages.read(connection, Sql.of(dialect));
    } catch (SQLException e) {
      throw Failures.unreachable("cannot read the installed packages", e);
    } finally {
      close(connection);
    }
  }

  /**
   * How an installed package differs from the catalog's versions of it, compared for the dialect:
   * against the catalog's version of the same number (or, when the database does not say which
   * version it holds, against every version), a failed migration, a checksum that differs, a
   * migration the catalog's version does not have, a version the catalog does not have.
   */
  public Drift drift(InstalledPackage installed, List<PackageVersion> catalog, Dialect dialect) {
    return Drifts.of(installed, catalog, dialect);
  }

  private List<String> migrate(
      Connection connection,
      Dialect dialect,
      PackageVersion target,
      MemoryMigrations migrations,
      Histories.State state,
      Installations.@Nullable Row row,
      String installedBy,
      boolean failedRows) {
    String table = HistoryTable.of(target.name());
    try {
      if (failedRows) {
        // Only reached when drift is ignored (else check() refused): run them again.
        Histories.deleteFailed(connection, table);
      }
      if (!state.history()) {
        createHistory(connection, dialect, table);
      }
    } catch (SQLException e) {
      if (Failures.isConnectionFailure(e)) {
        throw Failures.unreachable("cannot prepare the history of " + target.name(), e);
      }
      throw failed(connection, dialect, target, state, row, installedBy, e);
    }
    try {
      return flyway.migrate(connection, dialect, table, migrations, installedBy);
    } catch (FlywayException e) {
      if (Failures.isConnectionFailure(e)) {
        throw Failures.unreachable(target.name() + " " + target.version(), e);
      }
      throw failed(connection, dialect, target, state, row, installedBy, e);
    }
  }

  /**
   * Creates the package's history table; a concurrent install of the same package may have created
   * it meanwhile, which is as good (Flyway's lock then orders the two runs).
   */
  private static void createHistory(Connection connection, Dialect dialect, String table)
      throws SQLException {
    try {
      Histories.create(connection, dialect, table);
    } catch (SQLException e) {
      if (!Histories.state(connection, Sql.of(dialect), table).history()) {
        throw e;
      }
    }
  }

  /** Records the failure in the database (best effort) and returns the exception to throw. */
  private static PackageException failed(
      Connection connection,
      Dialect dialect,
      PackageVersion target,
      Histories.State state,
      Installations.@Nullable Row row,
      String installedBy,
      Exception failure) {
    String message = Failures.migrationFailed(target, failure);
    PackageException failed =
        new PackageException(PackageException.Reason.MIGRATION_FAILED, message, failure);
    if (state.installations()) {
      try {
        Installations.recordFailed(
            connection, Sql.of(dialect), state.checksumColumn(), row, target, installedBy, message);
      } catch (SQLException e) {
        failed.addSuppressed(e);
        log.warn("{}: could not record the failed install: {}", target.name(), e.toString());
      }
    }
    return failed;
  }

  private static void record(
      Connection connection,
      Sql sql,
      PackageVersion target,
      Histories.State before,
      Installations.@Nullable Row row,
      String installedBy,
      List<String> applied) {
    try {
      Histories.State state = before;
      if (target.isSystem() && !applied.isEmpty()) {
        // The baseline may just have created the table or its checksum column.
        state = Histories.state(connection, sql, HistoryTable.of(target.name()));
      }
      if (!state.installations()) {
        return; // a system version without sys_package_installation: nothing to record in
      }
      if (!applied.isEmpty() || !InstallPlan.recorded(target, row)) {
        Installations.recordInstalled(
            connection, sql, state.checksumColumn(), row != null, target, installedBy, applied);
      }
    } catch (SQLException e) {
      // The migrations are committed; a retry finds nothing pending and records the row.
      throw Failures.unreachable(
          target.name() + " " + target.version() + " is applied but could not be recorded", e);
    }
  }

  private static boolean runsScripts(Connection connection, Dialect dialect) {
    try {
      return PreparedUpgrade.runsScripts(connection, dialect);
    } catch (SQLException e) {
      throw Failures.unreachable("cannot read the connection's metadata", e);
    }
  }

  private static Connection open(DataSource database) {
    try {
      return database.getConnection();
    } catch (SQLException e) {
      throw Failures.unreachable("cannot connect to the database", e);
    } catch (RuntimeException e) {
      throw Failures.unreachable("cannot connect to the database", e);
    }
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("closing an environment connection failed: {}", e.toString());
    }
  }
}
