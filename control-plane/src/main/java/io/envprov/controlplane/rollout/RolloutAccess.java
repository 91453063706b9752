package io.envprov.controlplane.rollout;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.OrgPermission;
import io.envprov.controlplane.access.Roles;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.RolloutTables.Rollout;
import io.envprov.controlplane.store.Tables.OrganizationMember;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Who may run and see rollouts: platform admins any (fleet-wide included); someone whose role in an
 * organization grants {@link OrgPermission#RUN_ROLLOUTS} ({@code org_admin}) those confined to that
 * organization. Everything else is refused as {@link Access} refuses: 404 without a role in the
 * organization (or for a fleet-wide rollout), 403 with a role that does not grant it.
 */
@Component
class RolloutAccess {

  /** The organization roles that grant running rollouts, from the permission matrix. */
  private static final List<String> RUNNER_ROLES =
      List.of(Roles.ORG_ADMIN, Roles.ORG_MEMBER).stream()
          .filter(role -> Roles.grants(role, OrgPermission.RUN_ROLLOUTS))
          .toList();

  private final Access access;
  private final RolloutRepository rollouts;

  RolloutAccess(Access access, RolloutRepository rollouts) {
    this.access = access;
    this.rollouts = rollouts;
  }

  /**
   * Returns when the actor may start a rollout confined to {@code organizationId} (null: fleet).
   */
  void requireRun(Actor actor, @Nullable UUID organizationId) {
    if (organizationId == null) {
      if (!actor.platformAdmin()) {
        throw new ApiException(
            ErrorCode.FORBIDDEN,
            "only platform admins run fleet-wide rollouts; name selector.organization_id");
      }
      return;
    }
    access.requireOrganization(actor, organizationId, OrgPermission.RUN_ROLLOUTS);
  }

  /** Returns when the actor may see the rollout; 404 when there is none or it is not theirs. */
  void requireRead(Actor actor, UUID rolloutId) {
    RolloutRepository.Owner owner =
        rollouts.ownerOf(rolloutId).orElseThrow(() -> ApiException.notFound("rollout", rolloutId));
    if (actor.platformAdmin()) {
      return;
    }
    if (owner.organizationId() == null) {
      throw ApiException.notFound("rollout", rolloutId);
    }
    access.requireOrganization(actor, owner.organizationId(), OrgPermission.RUN_ROLLOUTS);
  }

  /** Returns when the actor may pause, resume or abort the rollout. */
  void requireManage(Actor actor, UUID rolloutId) {
    RolloutRepository.Owner owner =
        rollouts.ownerOf(rolloutId).orElseThrow(() -> ApiException.notFound("rollout", rolloutId));
    if (owner.organizationId() == null && !actor.platformAdmin()) {
      throw ApiException.notFound("rollout", rolloutId);
    }
    requireRun(actor, owner.organizationId());
  }

  /**
   * The rollouts the actor may see, as a condition on {@code rollout}; {@code organizationId}
   * narrows them to one organization, which the actor must be allowed to run rollouts in.
   */
  Condition visible(Actor actor, @Nullable UUID organizationId) {
    if (organizationId != null) {
      if (!actor.platformAdmin()) {
        access.requireOrganization(actor, organizationId, OrgPermission.RUN_ROLLOUTS);
      }
      return Rollout.ORGANIZATION_ID.eq(organizationId);
    }
    if (actor.platformAdmin()) {
      return DSL.noCondition();
    }
    if (actor.userId() == null) {
      return DSL.falseCondition();
    }
    return Rollout.ORGANIZATION_ID.in(
        DSL.select(OrganizationMember.ORGANIZATION_ID)
            .from(OrganizationMember.TABLE)
            .where(OrganizationMember.USER_ID.eq(actor.userId()))
            .and(OrganizationMember.ROLE.in(RUNNER_ROLES)));
  }
}
