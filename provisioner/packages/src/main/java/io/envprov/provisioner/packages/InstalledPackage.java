package io.envprov.provisioner.packages;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one environment database says about one package: its row in {@code sys_package_installation}
 * (for {@code system}: derived from Flyway's history) and the migrations its history table holds.
 *
 * @param name the package
 * @param version the version installed (the last that completed; after a failed first install, the
 *     version that failed), or null when the database has the package's history but no row for it
 *     (an install stopped between its migrations and its record; the next install records it)
 * @param status {@code installed} or {@code failed}
 * @param installedAt when that version was installed
 * @param installedBy who installed it (the actor's id as the control plane passed it)
 * @param checksum the package version's checksum recorded at install (its column, or its metadata
 *     on a database still at system 1)
 * @param error why the last install failed, when {@code status} is {@code failed}
 * @param migrations the migrations recorded in the package's history, in order
 */
public record InstalledPackage(
    String name,
    @Nullable String version,
    String status,
    @Nullable Instant installedAt,
    @Nullable String installedBy,
    @Nullable String checksum,
    @Nullable String error,
    List<AppliedMigration> migrations) {

  /** {@code status} of a package whose last install completed. */
  public static final String INSTALLED = "installed";

  /** {@code status} of a package whose last install failed. */
  public static final String FAILED = "failed";

  public InstalledPackage {
    migrations = List.copyOf(migrations);
  }

  /** Without an error (the form before errors were read back). */
  public InstalledPackage(
      String name,
      @Nullable String version,
      String status,
      @Nullable Instant installedAt,
      @Nullable String installedBy,
      @Nullable String checksum,
      List<AppliedMigration> migrations) {
    this(name, version, status, installedAt, installedBy, checksum, null, migrations);
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
