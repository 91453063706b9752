package io.envprov.provisioner.packages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * How a database's history of a package differs from the catalog: a row of a migration that failed
 * (left by a migration that could not run in a transaction), a completed migration whose checksum
 * is not the catalog's, or one the catalog's lineage does not have.
 */
final class Drifts {

  private Drifts() {}

  /**
   * What the history says about installing {@code target}.
   *
   * @param drift the differences that stop an install unless drift is ignored
   * @param newer migrations the database completed that only newer catalog versions have (with the
   *     catalog's checksum): the database holds a newer version than the target
   */
  record InstallCheck(Drift drift, List<String> newer) {}

  static InstallCheck forInstall(
      List<HistoryRow> history,
      PackageVersion target,
      List<PackageVersion> catalog,
      Dialect dialect) {
    TreeMap<MigrationVersion, Migration> lineage = byVersion(List.of(target));
    List<PackageVersion> everything = new ArrayList<>(catalog);
    everything.add(target);
    Map<MigrationVersion, Migration> known = byVersion(everything);
    MigrationVersion highest = lineage.isEmpty() ? MigrationVersion.EMPTY : lineage.lastKey();
    List<String> differences = new ArrayList<>();
    List<String> newer = new ArrayList<>();
    for (HistoryRow row : history) {
      if (!row.isMigration()) {
        continue;
      }
      if (!row.success()) {
        differences.add(failed(row.version()));
        continue;
      }
      MigrationVersion version = row.migrationVersion();
      Migration own = lineage.get(version);
      if (own != null) {
        compare(row.version(), row.checksum(), own, dialect, differences);
        continue;
      }
      Migration other = known.get(version);
      if (other == null) {
        differences.add("migration " + row.version() + " is not in the catalog");
      } else if (version.compareTo(highest) > 0) {
        int before = differences.size();
        compare(row.version(), row.checksum(), other, dialect, differences);
        if (differences.size() == before) {
          newer.add(row.version());
        }
      } else {
        differences.add(
            "migration " + row.version() + " is not in " + target.name() + " " + target.version());
      }
    }
    return new InstallCheck(new Drift(differences), newer);
  }

  /**
   * How {@code installed} differs from its version in the catalog (see {@link
   * PackageMigrator#drift}).
   */
  static Drift of(InstalledPackage installed, List<PackageVersion> catalog, Dialect dialect) {
    Optional<PackageVersion> same =
        catalog.stream()
            .filter(version -> version.version().equals(installed.version()))
            .findFirst();
    List<String> differences = new ArrayList<>();
    if (installed.version() != null && same.isEmpty()) {
      differences.add(installed.name() + " " + installed.version() + " is not in the catalog");
    }
    Map<MigrationVersion, Migration> lineage = byVersion(same.map(List::of).orElse(catalog));
    for (InstalledPackage.AppliedMigration applied : installed.migrations()) {
      if (applied.version().isEmpty()) {
        continue;
      }
      if (!applied.success()) {
        differences.add(failed(applied.version()));
        continue;
      }
      Migration own = lineage.get(MigrationVersion.fromVersion(applied.version()));
      if (own == null) {
        differences.add(
            "migration "
                + applied.version()
                + " is not in "
                + same.map(version -> installed.name() + " " + version.version())
                    .orElse("the catalog"));
      } else {
        compare(applied.version(), applied.checksum(), own, dialect, differences);
      }
    }
    return new Drift(differences);
  }

  /** The migrations of the versions by migration version (versions compared as versions). */
  static TreeMap<MigrationVersion, Migration> byVersion(List<PackageVersion> versions) {
    TreeMap<MigrationVersion, Migration> migrations = new TreeMap<>();
    for (PackageVersion version : versions) {
      for (Migration migration : version.migrations()) {
        migrations.putIfAbsent(MigrationVersion.fromVersion(migration.version()), migration);
      }
    }
    return migrations;
  }

  private static void compare(
      String version,
      @Nullable Integer recorded,
      Migration catalog,
      Dialect dialect,
      List<String> differences) {
    Integer expected = catalog.checksum(dialect);
    if (expected == null) {
      differences.add(
          "migration " + version + " has no SQL for " + dialect.key() + " in the catalog");
    } else if (!expected.equals(recorded)) {
      differences.add(
          "migration "
              + version
              + ": checksum "
              + recorded
              + " in the database, "
              + expected
              + " in the catalog");
    }
  }

  private static String failed(@Nullable String version) {
    return "migration "
        + version
        + " failed and is recorded as failed (it ran outside a transaction;"
        + " the database may hold part of it)";
  }
}
