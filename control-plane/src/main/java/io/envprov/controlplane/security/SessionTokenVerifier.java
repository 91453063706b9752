package io.envprov.controlplane.security;

import reactor.core.publisher.Mono;

/**
 * Verifies a session token presented as a bearer token (the {@code session} feature implements it):
 * the signature by a published key, the issuer, the expiry, and that the session is neither revoked
 * nor expired.
 */
public interface SessionTokenVerifier {

  /** The session's actor; empty when the token is not valid (any reason: the caller gets a 401). */
  Mono<Actor> verify(String token);

  /**
   * Whether a bearer token is shaped like a session token (a compact JWS) rather than an API key.
   */
  static boolean looksLikeSessionToken(String token) {
    return token.startsWith("ey") && token.chars().filter(c -> c == '.').count() == 2;
  }
}
