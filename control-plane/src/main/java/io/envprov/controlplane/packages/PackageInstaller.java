package io.envprov.controlplane.packages;

import java.util.UUID;

/**
 * Installs or upgrades one package in one environment's database, synchronously, and records the
 * outcome (the environment's {@code sys_package_installation}, the control plane's ledger, the
 * audit trail). Used by the single-environment install operation and by rollouts.
 */
public interface PackageInstaller {

  /**
   * Brings the environment's database to {@code version} of {@code packageName}. A failure of this
   * one environment is an outcome, not an exception: the environment stays {@code active} and
   * routable.
   *
   * @param ignoreDrift install even when the database's history differs from the catalog
   * @param installedBy the actor's name, recorded in the database and the audit trail
   * @throws io.envprov.controlplane.web.ApiException 404 {@code package_not_found} when the catalog
   *     has no such version
   */
  InstallOutcome install(
      UUID environmentId,
      String packageName,
      String version,
      boolean ignoreDrift,
      String installedBy);

  /**
   * As {@link #install(UUID, String, String, boolean, String)}, and calls {@code databaseSucceeded}
   * at most once, as soon as the work in the environment's database has succeeded and before the
   * outcome is written to the store. A caller that holds a per-server limit releases it there, so
   * writing one success down does not keep the next install from starting; after a failure it is
   * not called (the caller records the failure first). The default never calls it.
   */
  default InstallOutcome install(
      UUID environmentId,
      String packageName,
      String version,
      boolean ignoreDrift,
      String installedBy,
      Runnable databaseSucceeded) {
    return install(environmentId, packageName, version, ignoreDrift, installedBy);
  }
}
