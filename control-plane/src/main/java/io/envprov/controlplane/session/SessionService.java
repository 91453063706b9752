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
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.driver.spi.CredentialScope;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

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
      DSLContext dsl,
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

  SessionView open(Actor actor, @Nullable UUID environmentId) {
    UUID userId = actor.userId();
    if (userId == null) {
      throw forbidden("only a user opens a session: authenticate with a user's API key");
    }
    Admission admission = admit(userId, environmentId);
    SigningKeys.Signing key = keys.signing();
    UUID sessionId = UUID.randomUUID();
    OffsetDateTime now = Timestamps.now(clock);
    OffsetDateTime expiresAt = now.plus(properties.sessionTtl());
    dsl.transaction(
        trx -> {
          notDisabled(trx.dsl(), userId);
          trx.dsl()
              .insertInto(TABLE)
              .set(ID, sessionId)
              .set(USER_ID, userId)
              .set(ACTIVE_ENVIRONMENT_ID, environmentId)
              .set(CREATED_AT, now)
              .set(EXPIRES_AT, expiresAt)
              .execute();
          record(
              trx.dsl(),
              actor,
              "session.opened",
              sessionId,
              admission.organizationId().orElse(null),
              details(userId, environmentId, null));
        });
    return view(key, userId, sessionId, admission, environmentId, expiresAt);
  }

  SessionView switchEnvironment(Actor actor, UUID environmentId) {
    UUID sessionId = actor.sessionId();
    UUID userId = actor.userId();
    if (sessionId == null || userId == null) {
      throw forbidden("switching environment needs a session token, not an API key");
    }
    Admission admission = admit(userId, environmentId);
    SigningKeys.Signing key = keys.signing();
    OffsetDateTime expiresAt =
        dsl.transactionResult(
            trx -> {
              Record row =
                  trx.dsl()
                      .select(ACTIVE_ENVIRONMENT_ID, EXPIRES_AT)
                      .from(TABLE)
                      .where(ID.eq(sessionId))
                      .and(USER_ID.eq(userId))
                      .and(REVOKED_AT.isNull())
                      .and(EXPIRES_AT.gt(Timestamps.now(clock)))
                      .forUpdate()
                      .fetchOne();
              if (row == null) {
                throw gone();
              }
              trx.dsl()
                  .update(TABLE)
                  .set(ACTIVE_ENVIRONMENT_ID, environmentId)
                  .where(ID.eq(sessionId))
                  .execute();
              record(
                  trx.dsl(),
                  actor,
                  "session.switched",
                  sessionId,
                  admission.organizationId().orElse(null),
                  details(userId, environmentId, row.get(ACTIVE_ENVIRONMENT_ID)));
              return row.get(EXPIRES_AT);
            });
    return view(key, userId, sessionId, admission, environmentId, expiresAt);
  }

  void close(Actor actor) {
    UUID sessionId = actor.sessionId();
    UUID userId = actor.userId();
    if (sessionId == null || userId == null) {
      throw forbidden("closing a session needs its session token, not an API key");
    }
    OffsetDateTime now = Timestamps.now(clock);
    dsl.transaction(
        trx -> {
          Record1<UUID> row =
              trx.dsl()
                  .update(TABLE)
                  .set(REVOKED_AT, now)
                  .where(ID.eq(sessionId))
                  .and(USER_ID.eq(userId))
                  .and(REVOKED_AT.isNull())
                  .returningResult(ACTIVE_ENVIRONMENT_ID)
                  .fetchOne();
          if (row == null) {
            throw gone();
          }
          UUID environmentId = row.value1();
          record(
              trx.dsl(),
              actor,
              "session.closed",
              sessionId,
              organizationOf(trx.dsl(), environmentId),
              details(userId, environmentId, null));
        });
    // After the commit: a replica forgets a session only once the store says it is closed.
    tokens.closed(sessionId);
  }

  /**
   * Revokes every open session of the calling user ("log out everywhere"), with an API key or a
   * session token of theirs. The sessions enter the revocation feed, so data planes refuse their
   * tokens after their next poll.
   */
  void revokeAll(Actor actor) {
    UUID userId = actor.userId();
    if (userId == null) {
      throw forbidden("only a user has sessions: authenticate as the user");
    }
    OffsetDateTime now = Timestamps.now(clock);
    List<UUID> revoked =
        dsl.transactionResult(
            trx -> {
              List<UUID> ids =
                  trx.dsl()
                      .update(TABLE)
                      .set(REVOKED_AT, now)
                      .where(USER_ID.eq(userId))
                      .and(REVOKED_AT.isNull())
                      .and(EXPIRES_AT.gt(now))
                      .returningResult(ID)
                      .fetch(ID);
              audit.record(
                  trx.dsl(),
                  actor.name(),
                  "session.all_revoked",
                  "user",
                  userId,
                  null,
                  Map.of("sessions", ids.size()));
              return ids;
            });
    revoked.forEach(tokens::closed);
  }

  /**
   * Checks that the user may open a session in the environment (none: always), and gives its
   * organization and the scope the user's role allows there.
   */
  private Admission admit(UUID userId, @Nullable UUID environmentId) {
    if (environmentId == null) {
      return new Admission(Optional.empty(), null);
    }
    String scope = scope(userId, environmentId);
    if (scope == null) {
      throw notAllowed(environmentId);
    }
    Record2<UUID, String> row =
        dsl.select(Environment.ORGANIZATION_ID, Environment.STATUS)
            .from(Environment.TABLE)
            .where(Environment.ID.eq(environmentId))
            .fetchOne();
    if (row == null) {
      throw notAllowed(environmentId);
    }
    if (!EnvironmentStatus.fromSql(row.value2()).admitsSessions()) {
      throw ApiException.invalidState(
          "environment " + environmentId + " is " + row.value2() + ": no session can enter it");
    }
    return new Admission(Optional.of(row.value1()), scope);
  }

  /** The scope the user's roles allow a session in the environment; null when none. */
  private @Nullable String scope(UUID userId, UUID environmentId) {
    if (access.verdict(userId, environmentId, EnvPermission.OPEN_SESSION)
        == Access.Verdict.ALLOWED) {
      return READWRITE;
    }
    if (access.verdict(userId, environmentId, EnvPermission.OPEN_READONLY_SESSION)
        == Access.Verdict.ALLOWED) {
      return READONLY;
    }
    return null;
  }

  private static @Nullable UUID organizationOf(DSLContext trx, @Nullable UUID environmentId) {
    if (environmentId == null) {
      return null;
    }
    return trx.select(Environment.ORGANIZATION_ID)
        .from(Environment.TABLE)
        .where(Environment.ID.eq(environmentId))
        .fetchOne(Environment.ORGANIZATION_ID);
  }

  private SessionView view(
      SigningKeys.Signing key,
      UUID userId,
      UUID sessionId,
      Admission admission,
      @Nullable UUID environmentId,
      OffsetDateTime sessionExpiresAt) {
    @Nullable UUID organizationId = admission.organizationId().orElse(null);
    @Nullable String scope = admission.scope();
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

  private void record(
      DSLContext trx,
      Actor actor,
      String action,
      UUID sessionId,
      @Nullable UUID organizationId,
      Map<String, ?> details) {
    audit.record(trx, actor.name(), action, "session", sessionId, organizationId, details);
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
  private static void notDisabled(DSLContext trx, UUID userId) {
    Record1<OffsetDateTime> row =
        trx.select(AppUser.DISABLED_AT)
            .from(AppUser.TABLE)
            .where(AppUser.ID.eq(userId))
            .forShare()
            .fetchOne();
    if (row == null || row.value1() != null) {
      throw new ApiException(ErrorCode.UNAUTHENTICATED, "the user is disabled");
    }
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
