package io.envprov.provisioner.packages;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one environment database says about one package: its row in {@code sys_package_installation}
 * (for {@code system}: derived from Flyway's history) and the migrations its history table holds.
 *
 * @param name the package
 * @param version the version installed (the last that completed)
 * @param status {@code installed} or {@code failed}
 * @param installedAt when that version was installed
 * @param installedBy who installed it (the actor's id as the control plane passed it)
 * @param checksum the package version's checksum recorded at install, when the database has the
 *     column
 * @param migrations the migrations recorded in the package's history, in order
 */
public record InstalledPackage(
    String name,
    String version,
    String status,
    @Nullable Instant installedAt,
    @Nullable String installedBy,
    @Nullable String checksum,
    List<AppliedMigration> migrations) {

  public InstalledPackage {
    migrations = List.copyOf(migrations);
  }

  /**
   * One migration recorded in a package's history table.
   *
   * @param version its version
   * @param description its description
   * @param checksum the checksum recorded when it ran (Flyway's)
   * @param success whether it completed
   */
  public record AppliedMigration(
      String version, String description, @Nullable Integer checksum, boolean success) {}
}
