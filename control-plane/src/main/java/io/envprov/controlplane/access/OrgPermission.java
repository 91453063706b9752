package io.envprov.controlplane.access;

/** What may be done to an organization; granted by organization roles. */
public enum OrgPermission {
  /** See the organization and list its environments. */
  READ,
  /** Create environments in it. */
  CREATE_ENVIRONMENT,
  /** Add, change and remove its members. */
  MANAGE_MEMBERS,
  /** Run rollouts of packages across its environments, and read, pause, resume and abort them. */
  RUN_ROLLOUTS
}
