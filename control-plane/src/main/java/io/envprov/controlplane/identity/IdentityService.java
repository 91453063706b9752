package io.envprov.controlplane.identity;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.security.ApiKeys;
import io.envprov.controlplane.security.PrincipalCaches;
import io.envprov.controlplane.store.Constraints;
import io.envprov.controlplane.store.Tables.ApiKey;
import io.envprov.controlplane.store.Tables.AppUser;
import io.envprov.controlplane.store.Tables.UserSession;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Users and their API keys. */
@Service
class IdentityService {

  private final DSLContext dsl;
  private final AuditLog audit;
  private final Clock clock;
  private final PrincipalCaches caches;

  IdentityService(DSLContext dsl, AuditLog audit, Clock clock, PrincipalCaches caches) {
    this.dsl = dsl;
    this.audit = audit;
    this.clock = clock;
    this.caches = caches;
  }

  UserView createUser(Actor actor, CreateUserRequest request) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = Timestamps.now(clock);
    String email = request.email().trim().toLowerCase(Locale.ROOT);
    dsl.transaction(
        trx -> {
          try {
            trx.dsl()
                .insertInto(AppUser.TABLE)
                .set(AppUser.ID, id)
                .set(AppUser.EMAIL, email)
                .set(AppUser.NAME, request.name())
                .set(AppUser.CREATED_AT, now)
                .execute();
          } catch (DataAccessException e) {
            if (Constraints.violated(e, "app_user_email_unique")) {
              throw new ApiException(
                  ErrorCode.EMAIL_TAKEN,
                  "a user with this email exists",
                  List.of(new ApiException.FieldError("email", "is taken")));
            }
            throw e;
          }
          audit.record(trx.dsl(), actor.name(), "user.created", "user", id, null, Map.of());
        });
    return new UserView(id, email, request.name(), now, null);
  }

  /** A user, for themselves or a platform admin; anyone else gets 404. */
  UserView user(Actor actor, UUID id) {
    if (!actor.platformAdmin() && !id.equals(actor.userId())) {
      throw ApiException.notFound("user", id);
    }
    Record row = dsl.selectFrom(AppUser.TABLE).where(AppUser.ID.eq(id)).fetchOne();
    if (row == null) {
      throw ApiException.notFound("user", id);
    }
    return userView(row);
  }

  /**
   * Disables a user (platform admins): their API keys and OIDC tokens are refused from now on, and
   * every open session of theirs is revoked, so it enters the revocation feed and data planes
   * refuse its tokens. This replica forgets their cached keys and sessions at once. Disabling a
   * disabled user changes nothing but revokes any session opened since.
   */
  UserView disable(Actor actor, UUID id) {
    if (!actor.platformAdmin()) {
      throw new ApiException(ErrorCode.FORBIDDEN, "only platform admins disable users");
    }
    OffsetDateTime now = Timestamps.now(clock);
    dsl.transaction(
        trx -> {
          int users =
              trx.dsl()
                  .update(AppUser.TABLE)
                  .set(AppUser.DISABLED_AT, DSL.coalesce(AppUser.DISABLED_AT, DSL.val(now)))
                  .where(AppUser.ID.eq(id))
                  .execute();
          if (users == 0) {
            throw ApiException.notFound("user", id);
          }
          int sessions =
              trx.dsl()
                  .update(UserSession.TABLE)
                  .set(UserSession.REVOKED_AT, now)
                  .where(UserSession.USER_ID.eq(id))
                  .and(UserSession.REVOKED_AT.isNull())
                  .and(UserSession.EXPIRES_AT.gt(now))
                  .execute();
          audit.record(
              trx.dsl(),
              actor.name(),
              "user.disabled",
              "user",
              id,
              null,
              Map.of("sessions_revoked", sessions));
        });
    caches.forgetUser(id);
    return user(actor, id);
  }

  IssuedKeyView createUserKey(Actor actor, UUID userId, @Nullable CreateApiKeyRequest body) {
    OffsetDateTime now = Timestamps.now(clock);
    OffsetDateTime expiresAt = body == null ? null : body.expiresAt();
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw ApiException.validation("expires_at", "must be in the future");
    }
    String name = body == null ? null : body.name();
    UserView user = user(actor, userId);
    return issueKey(actor, name == null ? "key of " + user.email() : name, userId, expiresAt, now);
  }

  /** One page of a user's API keys, oldest first (themselves or a platform admin; else 404). */
  Page<ApiKeyView> keys(Actor actor, UUID userId, @Nullable PageCursor cursor, int limit) {
    Condition after =
        cursor == null
            ? DSL.noCondition()
            : DSL.row(ApiKey.CREATED_AT, ApiKey.ID).gt(cursor.createdAt(), cursor.id());
    user(actor, userId);
    List<ApiKeyView> rows =
        dsl.select(
                ApiKey.ID,
                ApiKey.NAME,
                ApiKey.PREFIX,
                ApiKey.CREATED_AT,
                ApiKey.EXPIRES_AT,
                ApiKey.REVOKED_AT)
            .from(ApiKey.TABLE)
            .where(ApiKey.USER_ID.eq(userId))
            .and(after)
            .orderBy(ApiKey.CREATED_AT, ApiKey.ID)
            .limit(limit + 1)
            .fetch(IdentityService::keyView);
    return page(rows, limit);
  }

  /** Revokes a key, for its owner or a platform admin; anyone else gets 404. */
  void revokeKey(Actor actor, UUID keyId) {
    boolean revoked =
        dsl.transactionResult(
            trx -> {
              int keys =
                  trx.dsl()
                      .update(ApiKey.TABLE)
                      .set(ApiKey.REVOKED_AT, Timestamps.now(clock))
                      .where(ApiKey.ID.eq(keyId))
                      .and(ownedBy(actor))
                      .and(ApiKey.REVOKED_AT.isNull())
                      .execute();
              if (keys == 0) {
                return false;
              }
              audit.record(
                  trx.dsl(), actor.name(), "api_key.revoked", "api_key", keyId, null, Map.of());
              return true;
            });
    if (revoked) {
      caches.forgetKey(keyId);
      return;
    }
    // Revoking a revoked key is a no-op; an unknown (or foreign) one is 404.
    if (!dsl.fetchExists(
        dsl.selectOne().from(ApiKey.TABLE).where(ApiKey.ID.eq(keyId)).and(ownedBy(actor)))) {
      throw ApiException.notFound("api key", keyId);
    }
  }

  private static Condition ownedBy(Actor actor) {
    return actor.platformAdmin() ? DSL.trueCondition() : ApiKey.USER_ID.eq(actor.userId());
  }

  private IssuedKeyView issueKey(
      Actor actor,
      String name,
      UUID userId,
      @Nullable OffsetDateTime expiresAt,
      OffsetDateTime now) {
    UUID id = UUID.randomUUID();
    String key = ApiKeys.generate();
    String prefix = ApiKeys.visiblePrefix(key);
    dsl.transaction(
        trx -> {
          ApiKeyRows.insert(trx.dsl(), id, key, name, Actor.USER, now)
              .set(ApiKey.USER_ID, userId)
              .set(ApiKey.EXPIRES_AT, expiresAt)
              .execute();
          audit.record(
              trx.dsl(),
              actor.name(),
              "api_key.created",
              "api_key",
              id,
              null,
              expiresAt == null
                  ? Map.of("prefix", prefix, "role", Actor.USER)
                  : Map.of(
                      "prefix",
                      prefix,
                      "role",
                      Actor.USER,
                      "expires_at",
                      Timestamps.utc(expiresAt).toString()));
        });
    return new IssuedKeyView(
        id,
        name,
        Actor.USER,
        userId,
        prefix,
        key,
        now,
        expiresAt == null ? null : Timestamps.utc(expiresAt));
  }

  private static UserView userView(Record row) {
    OffsetDateTime disabledAt = row.get(AppUser.DISABLED_AT);
    return new UserView(
        row.get(AppUser.ID),
        row.get(AppUser.EMAIL),
        row.get(AppUser.NAME),
        Timestamps.utc(row.get(AppUser.CREATED_AT)),
        disabledAt == null ? null : Timestamps.utc(disabledAt));
  }

  private static ApiKeyView keyView(Record row) {
    OffsetDateTime expiresAt = row.get(ApiKey.EXPIRES_AT);
    OffsetDateTime revokedAt = row.get(ApiKey.REVOKED_AT);
    return new ApiKeyView(
        row.get(ApiKey.ID),
        row.get(ApiKey.NAME),
        row.get(ApiKey.PREFIX),
        Timestamps.utc(row.get(ApiKey.CREATED_AT)),
        expiresAt == null ? null : Timestamps.utc(expiresAt),
        revokedAt == null ? null : Timestamps.utc(revokedAt));
  }

  private static Page<ApiKeyView> page(List<ApiKeyView> rows, int limit) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<ApiKeyView> items = rows.subList(0, limit);
    ApiKeyView last = items.get(limit - 1);
    return new Page<>(List.copyOf(items), new PageCursor(last.createdAt(), last.id()).encode());
  }
}
