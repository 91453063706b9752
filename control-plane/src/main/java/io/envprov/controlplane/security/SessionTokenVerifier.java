package io.envprov.controlplane.security;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Verifies a session token presented as a bearer token (the {@code session} feature implements it):
 * the signature by a published key, the issuer, the audience, the expiry, and that the session is
 * neither revoked nor expired. A verified token is accepted on the session routes only ({@link
 * SessionTokenGate}).
 */
public interface SessionTokenVerifier {

  /** The session's actor; empty when the token is not valid (any reason: the caller gets a 401). */
  Mono<Actor> verify(String token);

  /** Forgets what this replica remembers of the user's sessions (they were just revoked). */
  void forgetUser(UUID userId);

  /**
   * Whether a bearer token is shaped like a session token (a compact JWS) rather than an API key.
   */
  static boolean looksLikeSessionToken(String token) {
    return token.startsWith("ey") && token.chars().filter(c -> c == '.').count() == 2;
  }
}
