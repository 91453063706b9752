package io.envprov.controlplane.session;

import static io.envprov.controlplane.store.Tables.UserSession.*;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.security.SessionTokenVerifier;
import io.envprov.controlplane.web.ApiThreads;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Signs session tokens and verifies them for the control plane's own routes. A token is a compact
 * JWS (ES256, header {@code kid}) with {@code iss}, {@code aud} ({@value #AUDIENCE}: the token is
 * for data planes), {@code sub} (the user), {@code sid} (the session), {@code
 * active_environment_id} and {@code db_scope} (the credential scope the user's role allows there,
 * {@code readwrite} or {@code readonly}; both absent when there is no environment), {@code iat} and
 * {@code exp}. It is accepted when a published key signed it, the issuer and audience are ours, it
 * has not expired, and its session is neither closed nor expired; a session row read is trusted for
 * {@code check-cache-ttl} (the replica that closes a session forgets it at once). Verifying is part
 * of the (reactive) security chain: a remembered key or session answers at once, and what must be
 * read of the store is read on the API threads ({@link ApiThreads}).
 */
@Component
class SessionTokens implements SessionTokenVerifier {

  static final String SESSION_CLAIM = "sid";
  static final String ENVIRONMENT_CLAIM = "active_environment_id";
  static final String SCOPE_CLAIM = "db_scope";

  /** The {@code aud} of every session token: data planes, not the control plane. */
  public static final String AUDIENCE = "envprov-data-plane";

  private final SigningKeys keys;
  private final DSLContext dsl;
  private final ApiThreads threads;
  private final Clock clock;
  private final SessionProperties properties;
  private final AsyncCache<UUID, Optional<SessionState>> sessions;

  SessionTokens(
      SigningKeys keys,
      DSLContext dsl,
      ApiThreads threads,
      Clock clock,
      SessionProperties properties) {
    this.keys = keys;
    this.dsl = dsl;
    this.threads = threads;
    this.clock = clock;
    this.properties = properties;
    this.sessions =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(properties.checkCacheTtl())
            .buildAsync();
  }

  /** What verification needs of a session row. */
  private record SessionState(UUID userId, OffsetDateTime expiresAt, boolean revoked) {

    boolean validAt(Instant now) {
      return !revoked && expiresAt.toInstant().isAfter(now);
    }
  }

  /** A signed token and its expiry ({@code exp}, whole seconds). */
  record Signed(String token, Instant expiresAt) {}

  /**
   * Signs a token for the session, valid for {@code token-ttl} but never past the session's end.
   */
  Signed sign(
      SigningKeys.Signing key,
      UUID userId,
      UUID sessionId,
      @Nullable UUID environmentId,
      @Nullable String scope,
      OffsetDateTime sessionExpiresAt) {
    Instant now = clock.instant();
    Instant expires = now.plus(properties.tokenTtl());
    if (sessionExpiresAt.toInstant().isBefore(expires)) {
      expires = sessionExpiresAt.toInstant();
    }
    // JWT times are whole seconds; the response says exactly what the token says.
    Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
    Instant expiresAt = Instant.ofEpochSecond(expires.getEpochSecond());
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(properties.issuer())
            .audience(AUDIENCE)
            .subject(userId.toString())
            .claim(SESSION_CLAIM, sessionId.toString())
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiresAt));
    if (environmentId != null) {
      claims.claim(ENVIRONMENT_CLAIM, environmentId.toString());
    }
    if (scope != null) {
      claims.claim(SCOPE_CLAIM, scope);
    }
    return new Signed(sign(key, claims.build()), expiresAt);
  }

  /** Signs any claims with the key (tests forge tokens this way). */
  static String sign(SigningKeys.Signing key, JWTClaimsSet claims) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.kid())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a session token", e);
    }
    return jwt.serialize();
  }

  @Override
  public Mono<Actor> verify(String token) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    UUID userId;
    UUID sessionId;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
      userId = uuid(claims.getSubject());
      sessionId = uuid(claims.getStringClaim(SESSION_CLAIM));
      uuidOrNull(claims.getStringClaim(ENVIRONMENT_CLAIM));
    } catch (ParseException | IllegalArgumentException e) {
      return Mono.empty();
    }
    String kid = jwt.getHeader().getKeyID();
    Instant now = clock.instant();
    if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
        || kid == null
        || !properties.issuer().equals(claims.getIssuer())
        || claims.getAudience() == null
        || !claims.getAudience().contains(AUDIENCE)
        || claims.getIssueTime() == null
        || claims.getExpirationTime() == null
        || !claims.getExpirationTime().toInstant().isAfter(now)) {
      return Mono.empty();
    }
    return Mono.fromFuture(keys.published(kid), true)
        .flatMap(Mono::justOrEmpty)
        .filter(key -> key.publishedAt(now) && verifies(jwt, key))
        .flatMap(key -> session(sessionId))
        .filter(state -> state.userId().equals(userId) && state.validAt(now))
        .map(state -> Actor.session(sessionId, userId));
  }

  /** Makes this replica refuse the session's tokens at once (it was closed). */
  void closed(UUID sessionId) {
    sessions.put(sessionId, CompletableFuture.completedFuture(Optional.empty()));
  }

  @Override
  public void forgetUser(UUID userId) {
    // A read still in flight may predate the revocation: it goes too, and its result is not kept.
    sessions
        .asMap()
        .values()
        .removeIf(
            future ->
                !future.isDone()
                    || future.isCompletedExceptionally()
                    || future.join().filter(state -> state.userId().equals(userId)).isPresent());
  }

  /** The session's row, remembered for a while; read on the API threads when not. */
  private Mono<SessionState> session(UUID sessionId) {
    return Mono.fromFuture(
            sessions.get(sessionId, (id, executor) -> threads.call(() -> read(id)).toFuture()),
            true)
        .flatMap(Mono::justOrEmpty);
  }

  /** The session's row; empty when there is none. Blocking. */
  private Optional<SessionState> read(UUID sessionId) {
    Record3<UUID, OffsetDateTime, OffsetDateTime> row =
        dsl.select(USER_ID, EXPIRES_AT, REVOKED_AT).from(TABLE).where(ID.eq(sessionId)).fetchOne();
    return row == null
        ? Optional.empty()
        : Optional.of(new SessionState(row.value1(), row.value2(), row.value3() != null));
  }

  private static boolean verifies(SignedJWT jwt, SigningKeys.PublishedKey key) {
    try {
      return jwt.verify(key.verifier());
    } catch (JOSEException e) {
      return false;
    }
  }

  private static UUID uuid(@Nullable String value) {
    if (value == null) {
      throw new IllegalArgumentException("missing");
    }
    return UUID.fromString(value);
  }

  private static @Nullable UUID uuidOrNull(@Nullable String value) {
    return value == null ? null : UUID.fromString(value);
  }
}
