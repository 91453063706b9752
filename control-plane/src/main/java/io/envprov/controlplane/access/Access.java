package io.envprov.controlplane.access;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentMember;
import io.envprov.controlplane.store.Tables.Organization;
import io.envprov.controlplane.store.Tables.OrganizationMember;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Decides, per request, whether the actor may act on an organization or an environment (see {@link
 * Roles}). Someone with no role in the organization gets 404 {@code not_found}, exactly as for a
 * resource that does not exist, so nothing of another organization is revealed; a member without
 * the permission gets 403 {@code forbidden}. A platform admin may do anything; a change made that
 * way in an organization is audited as {@code admin.override}.
 */
@Component
public class Access {

  private final DSLContext dsl;
  private final AuditLog audit;

  Access(DSLContext dsl, AuditLog audit) {
    this.dsl = dsl;
    this.audit = audit;
  }

  /** Returns when the actor may act on the organization; throws a problem otherwise. */
  public void requireOrganization(Actor actor, UUID organizationId, OrgPermission permission) {
    if (actor.platformAdmin()) {
      if (permission != OrgPermission.READ) {
        override(actor, "organization", organizationId, organizationId, permission.name());
      }
      return;
    }
    if (actor.userId() == null) {
      throw notFound("organization", organizationId);
    }
    String role =
        dsl.select(OrganizationMember.ROLE)
            .from(OrganizationMember.TABLE)
            .where(OrganizationMember.ORGANIZATION_ID.eq(organizationId))
            .and(OrganizationMember.USER_ID.eq(actor.userId()))
            .fetchOne(OrganizationMember.ROLE);
    if (role == null) {
      throw notFound("organization", organizationId);
    }
    if (!Roles.grants(role, permission)) {
      throw forbidden("organization", permission.name());
    }
  }

  /** Returns when the actor may act on the environment; throws a problem otherwise. */
  public void requireEnvironment(Actor actor, UUID environmentId, EnvPermission permission) {
    if (actor.platformAdmin()) {
      if (permission == EnvPermission.READ) {
        return;
      }
      UUID organizationId =
          dsl.select(Environment.ORGANIZATION_ID)
              .from(Environment.TABLE)
              .where(Environment.ID.eq(environmentId))
              .fetchOne(Environment.ORGANIZATION_ID);
      if (organizationId != null) {
        override(actor, "environment", environmentId, organizationId, permission.name());
      }
      return;
    }
    if (actor.userId() == null) {
      throw notFound("environment", environmentId);
    }
    switch (verdict(actor.userId(), environmentId, permission)) {
      case ALLOWED -> {}
      case NOT_MEMBER -> throw notFound("environment", environmentId);
      case FORBIDDEN -> throw forbidden("environment", permission.name());
    }
  }

  /** Whether the user's roles grant the permission on the environment. */
  public Verdict verdict(UUID userId, UUID environmentId, EnvPermission permission) {
    Record3<UUID, String, String> row = dsl.fetchOne(verdictQuery(dsl, userId, environmentId));
    return row == null ? Verdict.NOT_MEMBER : verdictOf(row, permission);
  }

  private static org.jooq.Select<Record3<UUID, String, String>> verdictQuery(
      DSLContext dsl, UUID userId, UUID environmentId) {
    return dsl.select(
            Environment.ORGANIZATION_ID,
            DSL.field(
                    DSL.select(OrganizationMember.ROLE)
                        .from(OrganizationMember.TABLE)
                        .where(OrganizationMember.ORGANIZATION_ID.eq(Environment.ORGANIZATION_ID))
                        .and(OrganizationMember.USER_ID.eq(userId)))
                .as("org_role"),
            DSL.field(
                    DSL.select(EnvironmentMember.ROLE)
                        .from(EnvironmentMember.TABLE)
                        .where(EnvironmentMember.ENVIRONMENT_ID.eq(Environment.ID))
                        .and(EnvironmentMember.USER_ID.eq(userId)))
                .as("env_role"))
        .from(Environment.TABLE)
        .where(Environment.ID.eq(environmentId));
  }

  private static Verdict verdictOf(Record3<UUID, String, String> row, EnvPermission permission) {
    String orgRole = row.value2();
    String envRole = row.value3();
    if (orgRole == null && envRole == null) {
      return Verdict.NOT_MEMBER;
    }
    return Roles.grants(orgRole, envRole, permission) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
  }

  /**
   * Audits a platform admin acting in an organization by right of being admin rather than member.
   * The event is about the admin (resource {@code actor}), so each resource's own trail stays the
   * story of the resource; it names what was acted on and with which permission.
   */
  private void override(
      Actor actor,
      String resourceType,
      UUID resourceId,
      @Nullable UUID organizationId,
      String permission) {
    audit.record(
        dsl,
        actor.name(),
        "admin.override",
        "actor",
        actor.principalId(),
        organizationId,
        Map.of(
            "target_type", resourceType,
            "target_id", resourceId.toString(),
            "permission", permission.toLowerCase(java.util.Locale.ROOT)));
  }

  /** What a user's roles say about a permission on an environment. */
  public enum Verdict {
    ALLOWED,
    FORBIDDEN,
    /** No role in the environment's organization (or no such environment). */
    NOT_MEMBER
  }

  /** The organizations a user belongs to, as a condition on {@code organization.id}. */
  public org.jooq.Condition visibleOrganizations(Actor actor) {
    if (actor.platformAdmin()) {
      return DSL.trueCondition();
    }
    if (actor.userId() == null) {
      return DSL.falseCondition();
    }
    return Organization.ID.in(
        DSL.select(OrganizationMember.ORGANIZATION_ID)
            .from(OrganizationMember.TABLE)
            .where(OrganizationMember.USER_ID.eq(actor.userId())));
  }

  private static ApiException notFound(String what, UUID id) {
    return ApiException.notFound(what, id);
  }

  private static ApiException forbidden(String what, String permission) {
    return new ApiException(
        ErrorCode.FORBIDDEN,
        "your role in this "
            + what
            + " does not allow "
            + permission.toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
  }
}
