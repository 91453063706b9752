package io.envprov.provisioner.packages;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/** What an install decides from the history it read, whichever way it then runs. */
final class InstallPlan {

  private InstallPlan() {}

  /**
   * Refuses an install whose history differs from the catalog (unless drift is ignored) or that
   * would be a downgrade.
   */
  static void check(
      PackageVersion target,
      List<PackageVersion> catalog,
      Dialect dialect,
      List<HistoryRow> history,
      boolean ignoreDrift) {
    Drifts.InstallCheck check = Drifts.forInstall(history, target, catalog, dialect);
    if (check.drift().detected() && !ignoreDrift) {
      throw new PackageException(
          PackageException.Reason.DRIFT,
          target.name()
              + ": the database's history differs from the catalog: "
              + String.join("; ", check.drift().differences()),
          null);
    }
    if (!check.newer().isEmpty()) {
      throw new PackageException(
          PackageException.Reason.DOWNGRADE,
          target.name()
              + ": the database holds migrations "
              + String.join(", ", check.newer())
              + " that "
              + target.version()
              + " does not have; packages are not downgraded",
          null);
    }
  }

  /** A non-system package needs the baseline's {@code sys_package_installation} to be recorded. */
  static void requireBaseline(PackageVersion target, Histories.State state) {
    if (!state.installations() && !target.isSystem()) {
      throw new PackageException(
          PackageException.Reason.MIGRATION_FAILED,
          "the database has no data-plane baseline (sys_package_installation): install "
              + PackageVersion.SYSTEM
              + " first",
          null);
    }
  }

  static boolean hasFailedRows(List<HistoryRow> history) {
    return history.stream().anyMatch(row -> row.isMigration() && !row.success());
  }

  /** The migrations of the target the history has not completed, in the target's order. */
  static List<Migration> pending(PackageVersion target, List<HistoryRow> history) {
    Set<MigrationVersion> done = completed(history);
    return target.migrations().stream()
        .filter(migration -> !done.contains(MigrationVersion.fromVersion(migration.version())))
        .toList();
  }

  /**
   * The version the database held before: for {@code system}, the highest baseline version applied;
   * else the row's version when something was installed (a failed first install names the version
   * that failed, so it does not count), else (no row: an install stopped before recording itself)
   * the catalog version whose migrations are exactly those the history completed.
   */
  static @Nullable String fromVersion(
      PackageVersion target,
      List<PackageVersion> catalog,
      List<HistoryRow> history,
      Installations.@Nullable Row row) {
    TreeSet<MigrationVersion> done = completed(history);
    if (done.isEmpty()) {
      return null;
    }
    if (target.isSystem()) {
      return done.last().getVersion();
    }
    if (row != null) {
      return row.version();
    }
    for (PackageVersion version : catalog) {
      if (Drifts.byVersion(List.of(version)).keySet().equals(done)) {
        return version.version();
      }
    }
    return null;
  }

  /** Whether the row already says that {@code target} is installed, so nothing needs writing. */
  static boolean recorded(PackageVersion target, Installations.@Nullable Row row) {
    return row != null
        && row.installed()
        && row.version().equals(target.version())
        && target.checksum().equals(row.checksum());
  }

  /** Flyway's versions of the migrations it ran, as the catalog spells them, in order. */
  static List<String> catalogVersions(PackageVersion target, List<String> ran) {
    Map<MigrationVersion, Migration> byVersion = Drifts.byVersion(List.of(target));
    Map<MigrationVersion, String> spelled = new TreeMap<>();
    for (String version : ran) {
      MigrationVersion key = MigrationVersion.fromVersion(version);
      Migration migration = byVersion.get(key);
      spelled.put(key, migration == null ? version : migration.version());
    }
    return List.copyOf(spelled.values());
  }

  private static TreeSet<MigrationVersion> completed(List<HistoryRow> history) {
    return history.stream()
        .filter(row -> row.isMigration() && row.success())
        .map(HistoryRow::migrationVersion)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
