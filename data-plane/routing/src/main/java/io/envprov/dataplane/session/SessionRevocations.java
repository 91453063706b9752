package io.envprov.dataplane.session;

import java.util.UUID;

/** Which sessions have ended: their tokens are refused even before their {@code exp}. */
@FunctionalInterface
public interface SessionRevocations {

  /** Revokes nothing: tokens are good until their {@code exp}. */
  SessionRevocations NONE = sessionId -> false;

  /** Whether the session was revoked (logged out). */
  boolean isRevoked(UUID sessionId);
}
