package io.envprov.controlplane.security;

import static io.envprov.controlplane.store.Tables.ApiKey.*;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.envprov.controlplane.config.ControlPlaneProperties;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
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
 * revoked key therefore stops working within that time.
 */
@Component
class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

  private final DSLContext dsl;
  private final AsyncCache<String, Optional<Actor>> known;
  private final ObjectProvider<SessionTokenVerifier> sessions;
  private final OidcTokenVerifier oidc;

  ApiKeyAuthenticationManager(
      @Qualifier("reactive") DSLContext dsl,
      ControlPlaneProperties properties,
      ObjectProvider<SessionTokenVerifier> sessions,
      OidcTokenVerifier oidc) {
    this.dsl = dsl;
    this.sessions = sessions;
    this.oidc = oidc;
    this.known =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(properties.apiKeyCacheTtl())
            .buildAsync();
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    String token = String.valueOf(authentication.getCredentials());
    if (oidc.accepts(token)) {
      return oidc.verify(token)
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
    byte[] hash = ApiKeys.hash(String.valueOf(authentication.getCredentials()));
    String cacheKey = HexFormat.of().formatHex(hash);
    return Mono.fromFuture(known.get(cacheKey, (key, executor) -> lookup(hash).toFuture()), true)
        .flatMap(Mono::justOrEmpty)
        .switchIfEmpty(
            Mono.defer(
                () -> {
                  // Unknown keys are not remembered: a key created a moment ago must work at once.
                  known.synchronous().invalidate(cacheKey);
                  return Mono.error(new BadCredentialsException("unknown or revoked API key"));
                }))
        .map(ApiKeyAuthenticationManager::authenticated);
  }

  private static Authentication authenticated(Actor actor) {
    return new UsernamePasswordAuthenticationToken(
        actor, null, List.of(new SimpleGrantedAuthority("ROLE_" + actor.role())));
  }

  private Mono<Optional<Actor>> lookup(byte[] hash) {
    return Mono.from(
            dsl.select(ID, ROLE, USER_ID)
                .from(TABLE)
                .where(KEY_HASH.eq(hash))
                .and(REVOKED_AT.isNull()))
        .map(row -> Optional.of(Actor.apiKey(row.get(ID), row.get(ROLE), row.get(USER_ID))))
        .defaultIfEmpty(Optional.empty());
  }
}
