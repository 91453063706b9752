package io.envprov.provisioner.packages;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a database says is installed, in three queries whatever the number of packages: the
 * catalog (which history tables exist, whether {@code sys_package_installation} has its checksum
 * column), the installation rows, and every history at once.
 */
final class InstalledPackages {

  private InstalledPackages() {}

  static List<InstalledPackage> read(Connection connection, Sql sql) throws SQLException {
    List<String> tables = new ArrayList<>();
    boolean installations = false;
    boolean checksumColumn = false;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql.tables())) {
      while (rows.next()) {
        String name = rows.getString(1);
        if (name.equals("#checksum")) {
          checksumColumn = true;
        } else if (name.equals(Sql.INSTALLATIONS)) {
          installations = true;
        } else if (HistoryTable.packageOf(name) != null) {
          tables.add(name);
        }
      }
    }
    Map<String, Installations.Row> recorded =
        installations ? Installations.all(connection, sql, checksumColumn) : Map.of();
    Map<String, List<HistoryRow>> histories = Histories.readAll(connection, sql, tables);

    Map<String, InstalledPackage> packages = new TreeMap<>();
    for (Installations.Row row : recorded.values()) {
      if (row.packageName().equals(PackageVersion.SYSTEM)) {
        continue;
      }
      packages.put(
          row.packageName(), fromRow(row, histories.getOrDefault(row.packageName(), List.of())));
    }
    for (Map.Entry<String, List<HistoryRow>> history : histories.entrySet()) {
      String name = history.getKey();
      if (name.equals(PackageVersion.SYSTEM) || packages.containsKey(name)) {
        continue;
      }
      InstalledPackage unrecorded = fromHistory(name, null, history.getValue());
      if (unrecorded != null) {
        packages.put(name, unrecorded);
      }
    }
    List<InstalledPackage> installed = new ArrayList<>();
    InstalledPackage system =
        system(
            recorded.get(PackageVersion.SYSTEM),
            histories.getOrDefault(PackageVersion.SYSTEM, List.of()));
    if (system != null) {
      installed.add(system);
    }
    installed.addAll(packages.values());
    return installed;
  }

  private static InstalledPackage fromRow(Installations.Row row, List<HistoryRow> history) {
    return new InstalledPackage(
        row.packageName(),
        row.version(),
        row.status(),
        row.installedAt(),
        row.installedBy(),
        row.checksum(),
        row.installed() ? null : row.error(),
        migrations(history));
  }

  /**
   * {@code system}: its version is the highest baseline version applied (the drivers write no row
   * at provisioning); the row, when it names that version, adds who installed it and its status.
   */
  private static @Nullable InstalledPackage system(
      Installations.@Nullable Row row, List<HistoryRow> history) {
    String version = highest(history);
    if (version == null) {
      return row == null ? null : fromRow(row, history);
    }
    if (row != null && row.version().equals(version)) {
      return fromRow(row, history);
    }
    return fromHistory(PackageVersion.SYSTEM, version, history);
  }

  /**
   * A package known from its history only; its status is the history's ({@code failed} when a
   * migration failed). Null when the history holds no migration.
   */
  private static @Nullable InstalledPackage fromHistory(
      String name, @Nullable String version, List<HistoryRow> history) {
    List<InstalledPackage.AppliedMigration> migrations = migrations(history);
    if (migrations.isEmpty()) {
      return null;
    }
    HistoryRow last = null;
    Instant latest = null;
    boolean failed = false;
    for (HistoryRow row : history) {
      if (!row.isMigration()) {
        continue;
      }
      failed |= !row.success();
      last = row;
      if (row.installedOn() != null && (latest == null || row.installedOn().isAfter(latest))) {
        latest = row.installedOn();
      }
    }
    return new InstalledPackage(
        name,
        version,
        failed ? InstalledPackage.FAILED : InstalledPackage.INSTALLED,
        latest,
        last == null ? null : last.installedBy(),
        null,
        null,
        migrations);
  }

  private static List<InstalledPackage.AppliedMigration> migrations(List<HistoryRow> history) {
    return history.stream().filter(HistoryRow::isMigration).map(HistoryRow::applied).toList();
  }

  private static @Nullable String highest(List<HistoryRow> history) {
    return history.stream()
        .filter(row -> row.isMigration() && row.success())
        .map(HistoryRow::migrationVersion)
        .max(MigrationVersion::compareTo)
        .map(MigrationVersion::getVersion)
        .orElse(null);
  }
}
