package io.envprov.controlplane.environment;

/** The lifecycle of an environment: provisioning -> active <-> suspended -> archived, or failed. */
final class EnvironmentStatus {

  static final String PROVISIONING = "provisioning";
  static final String ACTIVE = "active";
  static final String SUSPENDED = "suspended";
  static final String DEPROVISIONING = "deprovisioning";
  static final String ARCHIVED = "archived";
  static final String FAILED = "failed";

  private EnvironmentStatus() {}
}
