package io.envprov.provisioner.packages;

import java.util.List;
import javax.sql.DataSource;

/**
 * Applies package versions inside an environment's database and reads back what it holds. The
 * database is the truth: every call reads its history first, so running an install twice (a crash,
 * a retry, a revived rollout) never runs a migration twice.
 *
 * <p>The {@link DataSource} opens connections with the environment's admin credential; on
 * PostgreSQL that login acts as the database's admin group, so what a migration creates is owned by
 * the group like the baseline is.
 */
public final class PackageMigrator {

  private final ClassLoader classLoader;

  public PackageMigrator(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /**
   * Brings the package in the database to {@code target}: runs only the migrations its history
   * lacks, all of them in one transaction where the dialect allows it, then records the
   * installation in {@code sys_package_installation}. A no-op (empty {@link
   * InstallResult#applied()}) when the database already has them all.
   *
   * @param catalog every version of the package the catalog has (target included), for drift
   * @param ignoreDrift apply even when the recorded history differs from the catalog
   * @throws PackageException {@link PackageException.Reason#DRIFT} (nothing run) unless {@code
   *     ignoreDrift}; {@link PackageException.Reason#MIGRATION_FAILED}, the database left at its
   *     previous version and the installation recorded {@code failed}; or {@link
   *     PackageException.Reason#UNREACHABLE}
   */
  public InstallResult install(
      DataSource database,
      Dialect dialect,
      PackageVersion target,
      List<PackageVersion> catalog,
      String installedBy,
      boolean ignoreDrift) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * What the database says is installed: one entry per package in {@code sys_package_installation},
   * plus {@code system} from Flyway's history.
   *
   * @throws PackageException {@link PackageException.Reason#UNREACHABLE}
   */
  public List<InstalledPackage> installed(DataSource database, Dialect dialect) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * How an installed package differs from the catalog's versions of it, compared for the dialect.
   */
  public Drift drift(InstalledPackage installed, List<PackageVersion> catalog, Dialect dialect) {
    throw new UnsupportedOperationException("not yet");
  }
}
