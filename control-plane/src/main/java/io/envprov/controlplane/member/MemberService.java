package io.envprov.controlplane.member;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Constraints;
import io.envprov.controlplane.store.Tables.AppUser;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Tables.EnvironmentMember;
import io.envprov.controlplane.store.Tables.OrganizationMember;
import io.envprov.controlplane.store.Tables.UserSession;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Organization and environment memberships. An environment member must be a member of the
 * environment's organization; removing someone from an organization removes them from its
 * environments too.
 */
@Service
class MemberService {

  private static final Set<String> ORG_ROLES = Set.of("org_admin", "org_member");
  private static final String ORGANIZATION_MEMBERSHIP_FK =
      "environment_member_organization_member_fk";
  private static final Set<String> ENV_ROLES =
      Set.of("env_admin", "env_maker", "env_user", "env_viewer");

  private final DSLContext dsl;
  private final AuditLog audit;
  private final Clock clock;

  MemberService(DSLContext dsl, AuditLog audit, Clock clock) {
    this.dsl = dsl;
    this.audit = audit;
    this.clock = clock;
  }

  MemberView putOrganizationMember(Actor actor, UUID organizationId, UUID userId, String role) {
    if (!ORG_ROLES.contains(role)) {
      throw ApiException.validation("role", "must be org_admin or org_member");
    }
    OffsetDateTime now = Timestamps.now(clock);
    return dsl.transactionResult(
        configuration -> {
          DSLContext trx = configuration.dsl();
          requireUser(trx, userId);
          trx.insertInto(OrganizationMember.TABLE)
              .set(OrganizationMember.ID, UUID.randomUUID())
              .set(OrganizationMember.ORGANIZATION_ID, organizationId)
              .set(OrganizationMember.USER_ID, userId)
              .set(OrganizationMember.ROLE, role)
              .set(OrganizationMember.CREATED_AT, now)
              .onConflict(OrganizationMember.ORGANIZATION_ID, OrganizationMember.USER_ID)
              .doUpdate()
              .set(OrganizationMember.ROLE, role)
              .execute();
          audit.record(
              trx,
              actor.name(),
              "organization.member_set",
              "organization",
              organizationId,
              organizationId,
              Map.of("user_id", userId.toString(), "role", role));
          return organizationMembersQuery(trx)
              .where(OrganizationMember.ORGANIZATION_ID.eq(organizationId))
              .and(OrganizationMember.USER_ID.eq(userId))
              .fetchSingle(MemberService::organizationView);
        });
  }

  /** A page of the organization's members, oldest membership first. */
  Page<MemberView> organizationMembers(
      UUID organizationId, @Nullable PageCursor cursor, int limit) {
    Condition after =
        cursor == null
            ? DSL.noCondition()
            : DSL.row(OrganizationMember.CREATED_AT, OrganizationMember.USER_ID)
                .gt(cursor.createdAt(), cursor.id());
    List<MemberView> rows =
        organizationMembersQuery(dsl)
            .where(OrganizationMember.ORGANIZATION_ID.eq(organizationId))
            .and(after)
            .orderBy(OrganizationMember.CREATED_AT, OrganizationMember.USER_ID)
            .limit(limit + 1)
            .fetch(MemberService::organizationView);
    return Page.of(rows, limit, MemberService::cursor);
  }

  private static PageCursor cursor(MemberView member) {
    return new PageCursor(member.createdAt(), member.userId());
  }

  private static org.jooq.SelectOnConditionStep<? extends Record> organizationMembersQuery(
      DSLContext dsl) {
    return dsl.select(
            OrganizationMember.ORGANIZATION_ID,
            OrganizationMember.USER_ID,
            OrganizationMember.ROLE,
            OrganizationMember.CREATED_AT,
            AppUser.EMAIL,
            AppUser.NAME)
        .from(OrganizationMember.TABLE)
        .join(AppUser.TABLE)
        .on(AppUser.ID.eq(OrganizationMember.USER_ID));
  }

  void removeOrganizationMember(Actor actor, UUID organizationId, UUID userId) {
    dsl.transaction(
        configuration -> {
          DSLContext trx = configuration.dsl();
          trx.deleteFrom(EnvironmentMember.TABLE)
              .where(EnvironmentMember.ORGANIZATION_ID.eq(organizationId))
              .and(EnvironmentMember.USER_ID.eq(userId))
              .execute();
          int removed =
              trx.deleteFrom(OrganizationMember.TABLE)
                  .where(OrganizationMember.ORGANIZATION_ID.eq(organizationId))
                  .and(OrganizationMember.USER_ID.eq(userId))
                  .execute();
          if (removed == 0) {
            // Rolls back the environment memberships deleted above (there were none to keep).
            throw ApiException.notFound("member", userId);
          }
          audit.record(
              trx,
              actor.name(),
              "organization.member_removed",
              "organization",
              organizationId,
              organizationId,
              Map.of("user_id", userId.toString()));
          endSessions(trx, organizationId, userId);
        });
  }

  /**
   * Revokes the user's open sessions in the organization's environments, in the removal's
   * transaction: they enter the revocation feed, so data planes refuse their tokens.
   */
  private void endSessions(DSLContext trx, UUID organizationId, UUID userId) {
    OffsetDateTime now = Timestamps.now(clock);
    trx.update(UserSession.TABLE)
        .set(UserSession.REVOKED_AT, now)
        .where(UserSession.USER_ID.eq(userId))
        .and(UserSession.REVOKED_AT.isNull())
        .and(UserSession.EXPIRES_AT.gt(now))
        .and(
            UserSession.ACTIVE_ENVIRONMENT_ID.in(
                trx.select(Environment.ID)
                    .from(Environment.TABLE)
                    .where(Environment.ORGANIZATION_ID.eq(organizationId))))
        .execute();
  }

  MemberView putEnvironmentMember(Actor actor, UUID environmentId, UUID userId, String role) {
    if (!ENV_ROLES.contains(role)) {
      throw ApiException.validation("role", "must be env_admin, env_maker, env_user or env_viewer");
    }
    OffsetDateTime now = Timestamps.now(clock);
    try {
      return dsl.transactionResult(
          configuration -> {
            DSLContext trx = configuration.dsl();
            UUID organizationId = organizationOf(trx, environmentId);
            boolean organizationMember =
                trx.fetchExists(
                    OrganizationMember.TABLE,
                    OrganizationMember.ORGANIZATION_ID
                        .eq(organizationId)
                        .and(OrganizationMember.USER_ID.eq(userId)));
            if (!organizationMember) {
              throw notAnOrganizationMember();
            }
            trx.insertInto(EnvironmentMember.TABLE)
                .set(EnvironmentMember.ID, UUID.randomUUID())
                .set(EnvironmentMember.ENVIRONMENT_ID, environmentId)
                .set(EnvironmentMember.ORGANIZATION_ID, organizationId)
                .set(EnvironmentMember.USER_ID, userId)
                .set(EnvironmentMember.ROLE, role)
                .set(EnvironmentMember.CREATED_AT, now)
                .onConflict(EnvironmentMember.ENVIRONMENT_ID, EnvironmentMember.USER_ID)
                .doUpdate()
                .set(EnvironmentMember.ROLE, role)
                .execute();
            audit.record(
                trx,
                actor.name(),
                "environment.member_set",
                "environment",
                environmentId,
                organizationId,
                Map.of("user_id", userId.toString(), "role", role));
            return environmentMembersQuery(trx)
                .where(EnvironmentMember.ENVIRONMENT_ID.eq(environmentId))
                .and(EnvironmentMember.USER_ID.eq(userId))
                .fetchSingle(MemberService::environmentView);
          });
    } catch (DataAccessException e) {
      // The read above is only for the usual message: a removal from the organization that
      // commits between it and the insert is caught here by the foreign key to the organization
      // membership (V7). The failed statement aborted the transaction, which has rolled back.
      if (Constraints.violated(e, ORGANIZATION_MEMBERSHIP_FK)) {
        throw notAnOrganizationMember();
      }
      throw e;
    }
  }

  /** A page of the environment's members, oldest membership first. */
  Page<MemberView> environmentMembers(UUID environmentId, @Nullable PageCursor cursor, int limit) {
    Condition after =
        cursor == null
            ? DSL.noCondition()
            : DSL.row(EnvironmentMember.CREATED_AT, EnvironmentMember.USER_ID)
                .gt(cursor.createdAt(), cursor.id());
    List<MemberView> rows =
        environmentMembersQuery(dsl)
            .where(EnvironmentMember.ENVIRONMENT_ID.eq(environmentId))
            .and(after)
            .orderBy(EnvironmentMember.CREATED_AT, EnvironmentMember.USER_ID)
            .limit(limit + 1)
            .fetch(MemberService::environmentView);
    return Page.of(rows, limit, MemberService::cursor);
  }

  void removeEnvironmentMember(Actor actor, UUID environmentId, UUID userId) {
    dsl.transaction(
        configuration -> {
          DSLContext trx = configuration.dsl();
          UUID organizationId =
              trx.deleteFrom(EnvironmentMember.TABLE)
                  .where(EnvironmentMember.ENVIRONMENT_ID.eq(environmentId))
                  .and(EnvironmentMember.USER_ID.eq(userId))
                  .returning(EnvironmentMember.ORGANIZATION_ID)
                  .fetchOptional(EnvironmentMember.ORGANIZATION_ID)
                  .orElseThrow(() -> ApiException.notFound("member", userId));
          audit.record(
              trx,
              actor.name(),
              "environment.member_removed",
              "environment",
              environmentId,
              organizationId,
              Map.of("user_id", userId.toString()));
        });
  }

  private static org.jooq.SelectOnConditionStep<? extends Record> environmentMembersQuery(
      DSLContext dsl) {
    return dsl.select(
            EnvironmentMember.ORGANIZATION_ID,
            EnvironmentMember.ENVIRONMENT_ID,
            EnvironmentMember.USER_ID,
            EnvironmentMember.ROLE,
            EnvironmentMember.CREATED_AT,
            AppUser.EMAIL,
            AppUser.NAME)
        .from(EnvironmentMember.TABLE)
        .join(AppUser.TABLE)
        .on(AppUser.ID.eq(EnvironmentMember.USER_ID));
  }

  private static UUID organizationOf(DSLContext trx, UUID environmentId) {
    return trx.select(Environment.ORGANIZATION_ID)
        .from(Environment.TABLE)
        .where(Environment.ID.eq(environmentId))
        .fetchOptional(Environment.ORGANIZATION_ID)
        .orElseThrow(() -> ApiException.notFound("environment", environmentId));
  }

  private static void requireUser(DSLContext trx, UUID userId) {
    if (!trx.fetchExists(AppUser.TABLE, AppUser.ID.eq(userId))) {
      throw ApiException.notFound("user", userId);
    }
  }

  private static ApiException notAnOrganizationMember() {
    return ApiException.invalidState(
        "the user is not a member of the environment's organization; add them to it first");
  }

  private static MemberView organizationView(Record row) {
    return new MemberView(
        row.get(OrganizationMember.ORGANIZATION_ID),
        null,
        row.get(OrganizationMember.USER_ID),
        row.get(AppUser.EMAIL),
        row.get(AppUser.NAME),
        row.get(OrganizationMember.ROLE),
        Timestamps.utc(row.get(OrganizationMember.CREATED_AT)));
  }

  private static MemberView environmentView(Record row) {
    return new MemberView(
        row.get(EnvironmentMember.ORGANIZATION_ID),
        row.get(EnvironmentMember.ENVIRONMENT_ID),
        row.get(EnvironmentMember.USER_ID),
        row.get(AppUser.EMAIL),
        row.get(AppUser.NAME),
        row.get(EnvironmentMember.ROLE),
        Timestamps.utc(row.get(EnvironmentMember.CREATED_AT)));
  }
}
