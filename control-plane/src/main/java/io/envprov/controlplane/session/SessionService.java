package io.envprov.controlplane.session;

import static io.envprov.controlplane.store.Tables.UserSession.*;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.EnvPermission;
import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Tables.AppUser;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.store.Transactions;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.driver.spi.CredentialScope;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Opens, switches and closes sessions. Whoever opens or switches to an environment must hold a role
 * that grants {@link EnvPermission#OPEN_SESSION} there (the session's scope is then {@code
 * readwrite}) or {@link EnvPermission#OPEN_READONLY_SESSION} ({@code readonly}: an {@code
 * env_viewer}); anything else (no role, a role without either, no such environment) is 403 {@code
 * forbidden}. The scope is in the token, and data planes connect with it. The signing key is made
 * ready before anything is stored, so a key-manager outage changes nothing.
 */
@Service
class SessionService {

  /** Environments no session may enter: their database is going or gone. */
  static final String READWRITE = CredentialScope.READWRITE.sqlValue();

  static final String READONLY = CredentialScope.READONLY.sqlValue();

  /**
   * What admitting a user into an environment decided.
   *
   * @param organizationId the environment's organization (empty without an environment)
   * @param scope the credential scope the session gets there (null without an environment)
   */
  private record Admission(Optional<UUID> organizationId, @Nullable String scope) {}

  private final DSLContext dsl;
  private final Access access;
  private final AuditLog audit;
  private final SigningKeys keys;
  private final SessionTokens tokens;
  private final Clock clock;
  private final SessionProperties properties;

  SessionService(
      @Qualifier("reactive") DSLContext dsl,
      Access access,
      AuditLog audit,
      SigningKeys keys,
      SessionTokens tokens,
      Clock clock,
      SessionProperties properties) {
    this.dsl = dsl;
    this.access = access;
    this.audit = audit;
    this.keys = keys;
    this.tokens = tokens;
    this.clock = clock;
    this.properties = properties;
  }

  Mono<SessionView> open(Actor actor, @Nullable UUID environmentId) {
    UUID userId = actor.userId();
    if (userId == null) {
      return Mono.error(
          forbidden("only a user opens a session: authenticate with a user's API key"));
    }
    return admit(userId, environmentId)
        .flatMap(
            admission ->
                signingKey()
                    .flatMap(
                        key -> {
                          UUID sessionId = UUID.randomUUID();
                          OffsetDateTime now = Timestamps.now(clock);
                          OffsetDateTime expiresAt = now.plus(properties.sessionTtl());
                          return transaction(
                                  trx ->
                                      notDisabled(trx, userId)
                                          .then(
                                              Mono.from(
                                                  trx.insertInto(TABLE)
                                                      .set(ID, sessionId)
                                                      .set(USER_ID, userId)
                                                      .set(ACTIVE_ENVIRONMENT_ID, environmentId)
                                                      .set(CREATED_AT, now)
                                                      .set(EXPIRES_AT, expiresAt)))
                                          .then(
                                              record(
                                                  trx,
                                                  actor,
                                                  "session.opened",
                                                  sessionId,
                                                  admission.organizationId().orElse(null),
                                                  details(userId, environmentId, null)))
                                          .thenReturn(true))
                              .then(
                                  Mono.fromSupplier(
                                      () ->
                                          view(
                                              key,
                                              userId,
                                              sessionId,
                                              admission.organizationId().orElse(null),
                                              environmentId,
                                              admission.scope(),
                                              expiresAt)));
                        }));
  }

  Mono<SessionView> switchEnvironment(Actor actor, UUID environmentId) {
    UUID sessionId = actor.sessionId();
    UUID userId = actor.userId();
    if (sessionId == null || userId == null) {
      return Mono.error(forbidden("switching environment needs a session token, not an API key"));
    }
    return admit(userId, environmentId)
        .flatMap(
            admission ->
                signingKey()
                    .flatMap(
                        key ->
                            transaction(
                                    trx ->
                                        Mono.from(
                                                trx.select(ACTIVE_ENVIRONMENT_ID, EXPIRES_AT)
                                                    .from(TABLE)
                                                    .where(ID.eq(sessionId))
                                                    .and(USER_ID.eq(userId))
                                                    .and(REVOKED_AT.isNull())
                                                    .and(EXPIRES_AT.gt(Timestamps.now(clock)))
                                                    .forUpdate())
                                            .switchIfEmpty(Mono.error(SessionService::gone))
                                            .flatMap(
                                                (Record row) ->
                                                    Mono.from(
                                                            trx.update(TABLE)
                                                                .set(
                                                                    ACTIVE_ENVIRONMENT_ID,
                                                                    environmentId)
                                                                .where(ID.eq(sessionId)))
                                                        .then(
                                                            record(
                                                                trx,
                                                                actor,
                                                                "session.switched",
                                                                sessionId,
                                                                admission
                                                                    .organizationId()
                                                                    .orElse(null),
                                                                details(
                                                                    userId,
                                                                    environmentId,
                                                                    row.get(
                                                                        ACTIVE_ENVIRONMENT_ID))))
                                                        .thenReturn(row.get(EXPIRES_AT))))
                                .map(
                                    expiresAt ->
                                        view(
                                            key,
                                            userId,
                                            sessionId,
                                            admission.organizationId().orElse(null),
                                            environmentId,
                                            admission.scope(),
                                            expiresAt))));
  }

  Mono<Void> close(Actor actor) {
    UUID sessionId = actor.sessionId();
    UUID userId = actor.userId();
    if (sessionId == null || userId == null) {
      return Mono.error(forbidden("closing a session needs its session token, not an API key"));
    }
    OffsetDateTime now = Timestamps.now(clock);
    return transaction(
            trx ->
                Mono.from(
                        trx.update(TABLE)
                            .set(REVOKED_AT, now)
                            .where(ID.eq(sessionId))
                            .and(USER_ID.eq(userId))
                            .and(REVOKED_AT.isNull())
                            .returningResult(ACTIVE_ENVIRONMENT_ID))
                    .switchIfEmpty(Mono.error(SessionService::gone))
                    .flatMap(
                        row -> {
                          UUID environmentId = row.value1();
                          return organizationOf(trx, environmentId)
                              .flatMap(
                                  organizationId ->
                                      record(
                                          trx,
                                          actor,
                                          "session.closed",
                                          sessionId,
                                          organizationId.orElse(null),
                                          details(userId, environmentId, null)))
                              .thenReturn(true);
                        }))
        .doOnSuccess(done -> tokens.closed(sessionId))
        .then();
  }

  /**
   * Revokes every open session of the calling user ("log out everywhere"), with an API key or a
   * session token of theirs. The sessions enter the revocation feed, so data planes refuse their
   * tokens after their next poll.
   */
  Mono<Void> revokeAll(Actor actor) {
    UUID userId = actor.userId();
    if (userId == null) {
      return Mono.error(forbidden("only a user has sessions: authenticate as the user"));
    }
    OffsetDateTime now = Timestamps.now(clock);
    return transaction(
            trx ->
                Flux.from(
                        trx.update(TABLE)
                            .set(REVOKED_AT, now)
                            .where(USER_ID.eq(userId))
                            .and(REVOKED_AT.isNull())
                            .and(EXPIRES_AT.gt(now))
                            .returningResult(ID))
                    .map(row -> row.value1())
                    .collectList()
                    .flatMap(
                        revoked ->
                            audit
                                .record(
                                    trx,
                                    actor.name(),
                                    "session.all_revoked",
                                    "user",
                                    userId,
                                    null,
                                    Map.of("sessions", revoked.size()))
                                .thenReturn(revoked)))
        .doOnSuccess(revoked -> revoked.forEach(tokens::closed))
        .then();
  }

  /**
   * Checks that the user may open a session in the environment (none: always), and gives its
   * organization and the scope the user's role allows there.
   */
  private Mono<Admission> admit(UUID userId, @Nullable UUID environmentId) {
    if (environmentId == null) {
      return Mono.just(new Admission(Optional.empty(), null));
    }
    return scope(userId, environmentId)
        .flatMap(
            scope ->
                Mono.from(
                        dsl.select(Environment.ORGANIZATION_ID, Environment.STATUS)
                            .from(Environment.TABLE)
                            .where(Environment.ID.eq(environmentId)))
                    .switchIfEmpty(Mono.error(() -> notAllowed(environmentId)))
                    .flatMap(
                        row ->
                            !EnvironmentStatus.fromSql(row.value2()).admitsSessions()
                                ? Mono.error(
                                    ApiException.invalidState(
                                        "environment "
                                            + environmentId
                                            + " is "
                                            + row.value2()
                                            + ": no session can enter it"))
                                : Mono.just(new Admission(Optional.of(row.value1()), scope))))
        .switchIfEmpty(Mono.error(() -> notAllowed(environmentId)));
  }

  /** The scope the user's roles allow a session in the environment; empty when none. */
  private Mono<String> scope(UUID userId, UUID environmentId) {
    return access
        .userMay(userId, environmentId, EnvPermission.OPEN_SESSION)
        .flatMap(
            verdict ->
                verdict == Access.Verdict.ALLOWED
                    ? Mono.just(READWRITE)
                    : access
                        .userMay(userId, environmentId, EnvPermission.OPEN_READONLY_SESSION)
                        .filter(readonly -> readonly == Access.Verdict.ALLOWED)
                        .map(readonly -> READONLY));
  }

  private Mono<Optional<UUID>> organizationOf(DSLContext trx, @Nullable UUID environmentId) {
    if (environmentId == null) {
      return Mono.just(Optional.empty());
    }
    return Mono.from(
            trx.select(Environment.ORGANIZATION_ID)
                .from(Environment.TABLE)
                .where(Environment.ID.eq(environmentId)))
        .map(row -> Optional.of(row.value1()))
        .defaultIfEmpty(Optional.empty());
  }

  private Mono<SigningKeys.Signing> signingKey() {
    return Mono.fromCallable(keys::signing).subscribeOn(Schedulers.boundedElastic());
  }

  private SessionView view(
      SigningKeys.Signing key,
      UUID userId,
      UUID sessionId,
      @Nullable UUID organizationId,
      @Nullable UUID environmentId,
      @Nullable String scope,
      OffsetDateTime sessionExpiresAt) {
    SessionTokens.Signed signed =
        tokens.sign(key, userId, sessionId, environmentId, scope, sessionExpiresAt);
    return SessionView.of(
        signed.token(),
        sessionId,
        userId,
        organizationId,
        environmentId,
        scope,
        signed.expiresAt(),
        sessionExpiresAt);
  }

  private Mono<Void> record(
      DSLContext trx,
      Actor actor,
      String action,
      UUID sessionId,
      @Nullable UUID organizationId,
      Map<String, ?> details) {
    return audit.record(trx, actor.name(), action, "session", sessionId, organizationId, details);
  }

  private static Map<String, Object> details(
      UUID userId, @Nullable UUID environmentId, @Nullable UUID previousEnvironmentId) {
    Map<String, Object> details = new HashMap<>();
    details.put("user_id", userId.toString());
    details.put("active_environment_id", environmentId == null ? null : environmentId.toString());
    if (previousEnvironmentId != null) {
      details.put("previous_environment_id", previousEnvironmentId.toString());
    }
    return details;
  }

  /**
   * Fails the opening unless the user is enabled, holding their row until the session is stored:
   * the API key may be remembered by this replica after another one disabled the user, and a
   * disable running now waits for this transaction and then revokes the new session with the
   * others, so no session of a disabled user stays open.
   */
  private static Mono<Void> notDisabled(DSLContext trx, UUID userId) {
    return Mono.from(
            trx.select(AppUser.DISABLED_AT)
                .from(AppUser.TABLE)
                .where(AppUser.ID.eq(userId))
                .forShare())
        .filter(row -> row.value1() == null)
        .switchIfEmpty(
            Mono.error(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "the user is disabled")))
        .then();
  }

  private <T> Mono<T> transaction(java.util.function.Function<DSLContext, Mono<T>> work) {
    return Transactions.reactive(dsl, work);
  }

  private static ApiException notAllowed(UUID environmentId) {
    return forbidden("you may not open a session in environment " + environmentId);
  }

  private static ApiException forbidden(String detail) {
    return new ApiException(ErrorCode.FORBIDDEN, detail);
  }

  private static ApiException gone() {
    return new ApiException(ErrorCode.UNAUTHENTICATED, "the session is closed or expired");
  }
}
