package io.envprov.controlplane.identity;

import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.security.ApiKeys;
import io.envprov.controlplane.store.Constraints;
import io.envprov.controlplane.store.Tables.ApiKey;
import io.envprov.controlplane.store.Tables.AppUser;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.store.Transactions;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Users, their API keys, and data-plane service accounts. */
@Service
class IdentityService {

  private final DSLContext dsl;
  private final AuditLog audit;
  private final Clock clock;

  IdentityService(@Qualifier("reactive") DSLContext dsl, AuditLog audit, Clock clock) {
    this.dsl = dsl;
    this.audit = audit;
    this.clock = clock;
  }

  Mono<UserView> createUser(Actor actor, CreateUserRequest request) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = Timestamps.now(clock);
    String email = request.email().trim().toLowerCase(Locale.ROOT);
    return transaction(
        trx ->
            Mono.from(
                    trx.insertInto(AppUser.TABLE)
                        .set(AppUser.ID, id)
                        .set(AppUser.EMAIL, email)
                        .set(AppUser.NAME, request.name())
                        .set(AppUser.CREATED_AT, now))
                .onErrorMap(
                    e -> Constraints.violated(e, "app_user_email_unique"),
                    e ->
                        new ApiException(
                            ErrorCode.EMAIL_TAKEN,
                            "a user with this email exists",
                            List.of(new ApiException.FieldError("email", "is taken"))))
                .then(audit.record(trx, actor.name(), "user.created", "user", id, null, Map.of()))
                .thenReturn(new UserView(id, email, request.name(), now)));
  }

  /** A user, for themselves or a platform admin; anyone else gets 404. */
  Mono<UserView> user(Actor actor, UUID id) {
    if (!actor.platformAdmin() && !id.equals(actor.userId())) {
      return Mono.error(ApiException.notFound("user", id));
    }
    return Mono.from(dsl.selectFrom(AppUser.TABLE).where(AppUser.ID.eq(id)))
        .map(
            row ->
                new UserView(
                    row.get(AppUser.ID),
                    row.get(AppUser.EMAIL),
                    row.get(AppUser.NAME),
                    Timestamps.utc(row.get(AppUser.CREATED_AT))))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("user", id)));
  }

  Mono<IssuedKeyView> createUserKey(Actor actor, UUID userId, @Nullable String name) {
    return user(actor, userId)
        .flatMap(
            user ->
                issueKey(
                    actor,
                    name == null ? "key of " + user.email() : name,
                    Actor.USER,
                    userId,
                    "api_key.created"));
  }

  Mono<IssuedKeyView> createServiceAccount(Actor actor, CreateServiceAccountRequest request) {
    return issueKey(actor, request.name(), Actor.DATA_PLANE, null, "service_account.created");
  }

  /** Revokes a key, for its owner or a platform admin; anyone else gets 404. */
  Mono<Void> revokeKey(Actor actor, UUID keyId) {
    return transaction(
            trx ->
                Mono.from(
                        trx.update(ApiKey.TABLE)
                            .set(ApiKey.REVOKED_AT, Timestamps.now(clock))
                            .where(ApiKey.ID.eq(keyId))
                            .and(
                                actor.platformAdmin()
                                    ? org.jooq.impl.DSL.trueCondition()
                                    : ApiKey.USER_ID.eq(actor.userId()))
                            .and(ApiKey.REVOKED_AT.isNull())
                            .returning(ApiKey.ID))
                    .flatMap(
                        row ->
                            audit
                                .record(
                                    trx,
                                    actor.name(),
                                    "api_key.revoked",
                                    "api_key",
                                    keyId,
                                    null,
                                    Map.of())
                                .thenReturn(true))
                    .defaultIfEmpty(false))
        .flatMap(
            revoked ->
                revoked
                    ? Mono.<Void>empty()
                    : Mono.from(
                            dsl.selectFrom(ApiKey.TABLE)
                                .where(ApiKey.ID.eq(keyId))
                                .and(
                                    actor.platformAdmin()
                                        ? org.jooq.impl.DSL.trueCondition()
                                        : ApiKey.USER_ID.eq(actor.userId())))
                        // Revoking a revoked key is a no-op; an unknown (or foreign) one is 404.
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("api key", keyId)))
                        .then());
  }

  private Mono<IssuedKeyView> issueKey(
      Actor actor, String name, String role, @Nullable UUID userId, String action) {
    UUID id = UUID.randomUUID();
    String key = ApiKeys.generate();
    OffsetDateTime now = Timestamps.now(clock);
    String prefix = ApiKeys.visiblePrefix(key);
    return transaction(
        trx ->
            Mono.from(
                    trx.insertInto(ApiKey.TABLE)
                        .set(ApiKey.ID, id)
                        .set(ApiKey.USER_ID, userId)
                        .set(ApiKey.NAME, name)
                        .set(ApiKey.ROLE, role)
                        .set(ApiKey.PREFIX, prefix)
                        .set(ApiKey.KEY_HASH, ApiKeys.hash(key))
                        .set(ApiKey.CREATED_AT, now))
                .then(
                    audit.record(
                        trx,
                        actor.name(),
                        action,
                        "api_key",
                        id,
                        null,
                        Map.of("prefix", prefix, "role", role)))
                .thenReturn(new IssuedKeyView(id, name, role, userId, prefix, key, now)));
  }

  private <T> Mono<T> transaction(java.util.function.Function<DSLContext, Mono<T>> work) {
    return Transactions.reactive(dsl, work);
  }
}
