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
import io.envprov.controlplane.store.Transactions;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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

  MemberService(@Qualifier("reactive") DSLContext dsl, AuditLog audit, Clock clock) {
    this.dsl = dsl;
    this.audit = audit;
    this.clock = clock;
  }

  Mono<MemberView> putOrganizationMember(
      Actor actor, UUID organizationId, UUID userId, String role) {
    if (!ORG_ROLES.contains(role)) {
      return Mono.error(ApiException.validation("role", "must be org_admin or org_member"));
    }
    OffsetDateTime now = Timestamps.now(clock);
    return requireUser(userId)
        .then(
            transaction(
                trx ->
                    Mono.from(
                            trx.insertInto(OrganizationMember.TABLE)
                                .set(OrganizationMember.ID, UUID.randomUUID())
                                .set(OrganizationMember.ORGANIZATION_ID, organizationId)
                                .set(OrganizationMember.USER_ID, userId)
                                .set(OrganizationMember.ROLE, role)
                                .set(OrganizationMember.CREATED_AT, now)
                                .onConflict(
                                    OrganizationMember.ORGANIZATION_ID, OrganizationMember.USER_ID)
                                .doUpdate()
                                .set(OrganizationMember.ROLE, role))
                        .then(
                            audit.record(
                                trx,
                                actor.name(),
                                "organization.member_set",
                                "organization",
                                organizationId,
                                organizationId,
                                Map.of("user_id", userId.toString(), "role", role)))
                        .thenReturn(true)))
        .then(Mono.defer(() -> organizationMember(organizationId, userId)));
  }

  /** A page of the organization's members, oldest membership first. */
  Mono<Page<MemberView>> organizationMembers(
      UUID organizationId, @Nullable PageCursor cursor, int limit) {
    Condition after =
        cursor == null
            ? DSL.noCondition()
            : DSL.row(OrganizationMember.CREATED_AT, OrganizationMember.USER_ID)
                .gt(cursor.createdAt(), cursor.id());
    return Flux.from(
            organizationMembersQuery()
                .where(OrganizationMember.ORGANIZATION_ID.eq(organizationId))
                .and(after)
                .orderBy(OrganizationMember.CREATED_AT, OrganizationMember.USER_ID)
                .limit(limit + 1))
        .map(MemberService::organizationView)
        .collectList()
        .map(rows -> Page.of(rows, limit, MemberService::cursor));
  }

  private static PageCursor cursor(MemberView member) {
    return new PageCursor(member.createdAt(), member.userId());
  }

  private org.jooq.SelectOnConditionStep<? extends Record> organizationMembersQuery() {
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

  Mono<Void> removeOrganizationMember(Actor actor, UUID organizationId, UUID userId) {
    return transaction(
            trx ->
                Mono.from(
                        trx.deleteFrom(EnvironmentMember.TABLE)
                            .where(EnvironmentMember.ORGANIZATION_ID.eq(organizationId))
                            .and(EnvironmentMember.USER_ID.eq(userId)))
                    .then(
                        Mono.from(
                            trx.deleteFrom(OrganizationMember.TABLE)
                                .where(OrganizationMember.ORGANIZATION_ID.eq(organizationId))
                                .and(OrganizationMember.USER_ID.eq(userId))))
                    .flatMap(
                        removed ->
                            removed == 0
                                ? Mono.error(ApiException.notFound("member", userId))
                                : audit
                                    .record(
                                        trx,
                                        actor.name(),
                                        "organization.member_removed",
                                        "organization",
                                        organizationId,
                                        organizationId,
                                        Map.of("user_id", userId.toString()))
                                    .then(endSessions(trx, organizationId, userId))
                                    .thenReturn(removed)))
        .then();
  }

  /**
   * Revokes the user's open sessions in the organization's environments, in the removal's
   * transaction: they enter the revocation feed, so data planes refuse their tokens.
   */
  private Mono<Void> endSessions(DSLContext trx, UUID organizationId, UUID userId) {
    OffsetDateTime now = Timestamps.now(clock);
    return Mono.from(
            trx.update(UserSession.TABLE)
                .set(UserSession.REVOKED_AT, now)
                .where(UserSession.USER_ID.eq(userId))
                .and(UserSession.REVOKED_AT.isNull())
                .and(UserSession.EXPIRES_AT.gt(now))
                .and(
                    UserSession.ACTIVE_ENVIRONMENT_ID.in(
                        trx.select(Environment.ID)
                            .from(Environment.TABLE)
                            .where(Environment.ORGANIZATION_ID.eq(organizationId)))))
        .then();
  }

  Mono<MemberView> putEnvironmentMember(Actor actor, UUID environmentId, UUID userId, String role) {
    if (!ENV_ROLES.contains(role)) {
      return Mono.error(
          ApiException.validation("role", "must be env_admin, env_maker, env_user or env_viewer"));
    }
    OffsetDateTime now = Timestamps.now(clock);
    return organizationOf(environmentId)
        .flatMap(
            organizationId ->
                Mono.from(
                        dsl.selectOne()
                            .from(OrganizationMember.TABLE)
                            .where(OrganizationMember.ORGANIZATION_ID.eq(organizationId))
                            .and(OrganizationMember.USER_ID.eq(userId)))
                    .switchIfEmpty(Mono.error(MemberService::notAnOrganizationMember))
                    .then(
                        transaction(
                            trx ->
                                Mono.from(
                                        trx.insertInto(EnvironmentMember.TABLE)
                                            .set(EnvironmentMember.ID, UUID.randomUUID())
                                            .set(EnvironmentMember.ENVIRONMENT_ID, environmentId)
                                            .set(EnvironmentMember.ORGANIZATION_ID, organizationId)
                                            .set(EnvironmentMember.USER_ID, userId)
                                            .set(EnvironmentMember.ROLE, role)
                                            .set(EnvironmentMember.CREATED_AT, now)
                                            .onConflict(
                                                EnvironmentMember.ENVIRONMENT_ID,
                                                EnvironmentMember.USER_ID)
                                            .doUpdate()
                                            .set(EnvironmentMember.ROLE, role))
                                    .then(
                                        audit.record(
                                            trx,
                                            actor.name(),
                                            "environment.member_set",
                                            "environment",
                                            environmentId,
                                            organizationId,
                                            Map.of("user_id", userId.toString(), "role", role)))
                                    .thenReturn(true)))
                    // The read above is only for the usual message: a removal from the
                    // organization that commits between it and the insert is caught here by
                    // the foreign key to the organization membership (V7).
                    .onErrorMap(
                        e -> Constraints.violated(e, ORGANIZATION_MEMBERSHIP_FK),
                        e -> notAnOrganizationMember()))
        .then(Mono.defer(() -> environmentMember(environmentId, userId)));
  }

  /** A page of the environment's members, oldest membership first. */
  Mono<Page<MemberView>> environmentMembers(
      UUID environmentId, @Nullable PageCursor cursor, int limit) {
    Condition after =
        cursor == null
            ? DSL.noCondition()
            : DSL.row(EnvironmentMember.CREATED_AT, EnvironmentMember.USER_ID)
                .gt(cursor.createdAt(), cursor.id());
    return Flux.from(
            environmentMembersQuery()
                .where(EnvironmentMember.ENVIRONMENT_ID.eq(environmentId))
                .and(after)
                .orderBy(EnvironmentMember.CREATED_AT, EnvironmentMember.USER_ID)
                .limit(limit + 1))
        .map(MemberService::environmentView)
        .collectList()
        .map(rows -> Page.of(rows, limit, MemberService::cursor));
  }

  Mono<Void> removeEnvironmentMember(Actor actor, UUID environmentId, UUID userId) {
    return transaction(
            trx ->
                Mono.from(
                        trx.deleteFrom(EnvironmentMember.TABLE)
                            .where(EnvironmentMember.ENVIRONMENT_ID.eq(environmentId))
                            .and(EnvironmentMember.USER_ID.eq(userId))
                            .returning(EnvironmentMember.ORGANIZATION_ID))
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("member", userId)))
                    .flatMap(
                        row ->
                            audit.record(
                                trx,
                                actor.name(),
                                "environment.member_removed",
                                "environment",
                                environmentId,
                                row.get(EnvironmentMember.ORGANIZATION_ID),
                                Map.of("user_id", userId.toString())))
                    .thenReturn(true))
        .then();
  }

  private Mono<MemberView> organizationMember(UUID organizationId, UUID userId) {
    return Mono.from(
            organizationMembersQuery()
                .where(OrganizationMember.ORGANIZATION_ID.eq(organizationId))
                .and(OrganizationMember.USER_ID.eq(userId)))
        .map(MemberService::organizationView);
  }

  private Mono<MemberView> environmentMember(UUID environmentId, UUID userId) {
    return Mono.from(
            environmentMembersQuery()
                .where(EnvironmentMember.ENVIRONMENT_ID.eq(environmentId))
                .and(EnvironmentMember.USER_ID.eq(userId)))
        .map(MemberService::environmentView);
  }

  private org.jooq.SelectOnConditionStep<? extends Record> environmentMembersQuery() {
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

  private Mono<UUID> organizationOf(UUID environmentId) {
    return Mono.from(
            dsl.select(Environment.ORGANIZATION_ID)
                .from(Environment.TABLE)
                .where(Environment.ID.eq(environmentId)))
        .map(row -> row.get(Environment.ORGANIZATION_ID))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("environment", environmentId)));
  }

  private Mono<Void> requireUser(UUID userId) {
    return Mono.from(dsl.selectOne().from(AppUser.TABLE).where(AppUser.ID.eq(userId)))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("user", userId)))
        .then();
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

  private <T> Mono<T> transaction(java.util.function.Function<DSLContext, Mono<T>> work) {
    return Transactions.reactive(dsl, work);
  }
}
