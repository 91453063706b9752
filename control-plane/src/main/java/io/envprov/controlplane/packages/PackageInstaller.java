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
}
