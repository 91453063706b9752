package io.envprov.controlplane.access;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The permission matrix: which organization and environment roles grant what. The README prints the
 * same table; {@code PermissionMatrixTest} checks every route against it.
 */
public final class Roles {

  public static final String ORG_ADMIN = "org_admin";
  public static final String ORG_MEMBER = "org_member";
  public static final String ENV_ADMIN = "env_admin";
  public static final String ENV_MAKER = "env_maker";
  public static final String ENV_USER = "env_user";
  public static final String ENV_VIEWER = "env_viewer";

  private static final Map<String, Set<OrgPermission>> ORG =
      Map.of(
          ORG_ADMIN, EnumSet.allOf(OrgPermission.class),
          ORG_MEMBER, EnumSet.of(OrgPermission.READ));

  /** What an organization role grants on every environment of the organization. */
  private static final Map<String, Set<EnvPermission>> ORG_ON_ENV =
      Map.of(
          ORG_ADMIN, EnumSet.allOf(EnvPermission.class),
          ORG_MEMBER, EnumSet.of(EnvPermission.READ));

  private static final Map<String, Set<EnvPermission>> ENV =
      Map.of(
          ENV_ADMIN,
          EnumSet.allOf(EnvPermission.class),
          ENV_MAKER,
          EnumSet.of(
              EnvPermission.READ,
              EnvPermission.COPY,
              EnvPermission.MANAGE_CREDENTIALS,
              EnvPermission.OPEN_SESSION,
              EnvPermission.OPEN_READONLY_SESSION),
          ENV_USER,
          EnumSet.of(
              EnvPermission.READ, EnvPermission.OPEN_SESSION, EnvPermission.OPEN_READONLY_SESSION),
          ENV_VIEWER,
          EnumSet.of(EnvPermission.READ, EnvPermission.OPEN_READONLY_SESSION));

  private Roles() {}

  /** Whether an organization role grants the permission. */
  public static boolean grants(@Nullable String orgRole, OrgPermission permission) {
    return orgRole != null && ORG.getOrDefault(orgRole, Set.of()).contains(permission);
  }

  /** Whether an organization role and an environment role together grant the permission. */
  public static boolean grants(
      @Nullable String orgRole, @Nullable String envRole, EnvPermission permission) {
    return (orgRole != null && ORG_ON_ENV.getOrDefault(orgRole, Set.of()).contains(permission))
        || (envRole != null && ENV.getOrDefault(envRole, Set.of()).contains(permission));
  }
}
