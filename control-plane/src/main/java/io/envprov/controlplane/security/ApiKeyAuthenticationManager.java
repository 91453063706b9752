package io.envprov.controlplane.security;

import static io.envprov.controlplane.store.Tables.ApiKey.*;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.store.Tables.AppUser;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ApiThreads;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Authenticates a bearer token: a token of the configured OpenID Connect issuer through the {@link
 * OidcTokenVerifier}, a session token through the {@link SessionTokenVerifier}, anything else as an
 * API key by the hash of its value. Known keys are remembered for a short time ({@code
 * controlplane.api-key-cache-ttl}) so that polling clients do not cost a store query per request; a
 * key revoked through another replica therefore stops working within that time. This replica
 * forgets a key it revokes, and all the keys of a user it disables, at once ({@link
 * PrincipalCaches}); a key's expiry is checked on every request, cached or not. This is the
 * reactive security chain: the store and the OIDC issuer are only ever waited for on the API
 * threads ({@link ApiThreads}), never on the event loop.
 */
@Component
class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

  private final DSLContext dsl;
  private final ApiThreads threads;
  private final AsyncCache<String, Optional<KnownKey>> known;
  private final ObjectProvider<SessionTokenVerifier> sessions;
  private final OidcTokenVerifier oidc;
  private final Clock clock;

  /** A key as the store knows it: its actor, and when it expires (null: never). */
  private record KnownKey(Actor actor, @Nullable OffsetDateTime expiresAt) {

    boolean validAt(Clock clock) {
      return expiresAt == null || expiresAt.toInstant().isAfter(clock.instant());
    }
  }

  ApiKeyAuthenticationManager(
      DSLContext dsl,
      ApiThreads threads,
      ControlPlaneProperties properties,
      ObjectProvider<SessionTokenVerifier> sessions,
      OidcTokenVerifier oidc,
      Clock clock) {
    this.dsl = dsl;
    this.threads = threads;
    this.sessions = sessions;
    this.oidc = oidc;
    this.clock = clock;
    this.known =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(properties.apiKeyCacheTtl())
            .buildAsync();
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    // A full core (ApiThreads) is not a bad token: the failure handler answers its 503 instead.
    return verify(String.valueOf(authentication.getCredentials()))
        .onErrorMap(ApiException.class, e -> new AuthenticationServiceException(e.getMessage(), e));
  }

  private Mono<Authentication> verify(String token) {
    if (oidc.accepts(token)) {
      return threads
          .call(() -> oidc.verify(token))
          .flatMap(Mono::justOrEmpty)
          .switchIfEmpty(
              Mono.error(() -> new BadCredentialsException("invalid token of the OIDC issuer")))
          .map(ApiKeyAuthenticationManager::authenticated);
    }
    SessionTokenVerifier verifier = sessions.getIfAvailable();
    if (verifier != null && SessionTokenVerifier.looksLikeSessionToken(token)) {
      return verifier
          .verify(token)
          .switchIfEmpty(
              Mono.error(() -> new BadCredentialsException("invalid or revoked session token")))
          .map(ApiKeyAuthenticationManager::authenticated);
    }
    byte[] hash = ApiKeys.hash(token);
    String cacheKey = HexFormat.of().formatHex(hash);
    return Mono.fromFuture(
            known.get(cacheKey, (key, executor) -> threads.call(() -> lookup(hash)).toFuture()),
            true)
        .flatMap(Mono::justOrEmpty)
        .filter(key -> key.validAt(clock))
        .switchIfEmpty(
            Mono.defer(
                () -> {
                  // Unknown keys are not remembered: a key created a moment ago must work at once.
                  known.synchronous().invalidate(cacheKey);
                  return Mono.error(
                      new BadCredentialsException("unknown, expired or revoked API key"));
                }))
        .map(key -> authenticated(key.actor()));
  }

  /** Forgets the cached keys of the user: the next request with one reads the store again. */
  void forgetUser(UUID userId) {
    forget(key -> userId.equals(key.actor().userId()));
  }

  /** Forgets the key if it is cached. */
  void forgetKey(UUID keyId) {
    forget(key -> keyId.equals(key.actor().principalId()));
  }

  private void forget(Predicate<KnownKey> matches) {
    // A lookup still in flight may have read the store before the change: it goes too, and its
    // result is then not kept.
    known
        .asMap()
        .values()
        .removeIf(
            (CompletableFuture<Optional<KnownKey>> future) ->
                !future.isDone()
                    || future.isCompletedExceptionally()
                    || future.join().filter(matches).isPresent());
  }

  private static Authentication authenticated(Actor actor) {
    return new UsernamePasswordAuthenticationToken(
        actor, null, List.of(new SimpleGrantedAuthority("ROLE_" + actor.role())));
  }

  /** The key with this hash, if it is valid but for its expiry. Blocking. */
  private Optional<KnownKey> lookup(byte[] hash) {
    // A disabled user's keys are not known at all.
    Record4<UUID, String, UUID, OffsetDateTime> row =
        dsl.select(ID, ROLE, USER_ID, EXPIRES_AT)
            .from(TABLE)
            .leftJoin(AppUser.TABLE)
            .on(AppUser.ID.eq(USER_ID))
            .where(KEY_HASH.eq(hash))
            .and(REVOKED_AT.isNull())
            .and(USER_ID.isNull().or(AppUser.DISABLED_AT.isNull()))
            .fetchOne();
    return row == null
        ? Optional.empty()
        : Optional.of(
            new KnownKey(Actor.apiKey(row.value1(), row.value2(), row.value3()), row.value4()));
  }
}
