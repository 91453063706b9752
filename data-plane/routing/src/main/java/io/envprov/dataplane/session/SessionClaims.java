package io.envprov.dataplane.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a verified session token says.
 *
 * @param userId the {@code sub} claim
 * @param sessionId the {@code sid} claim
 * @param activeEnvironmentId the {@code active_environment_id} claim, if the session has one
 * @param expiresAt the {@code exp} claim
 */
public record SessionClaims(
    UUID userId, UUID sessionId, @Nullable UUID activeEnvironmentId, Instant expiresAt) {

  public SessionClaims {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The environment this session routes to, if it has one. */
  public Optional<UUID> environment() {
    return Optional.ofNullable(activeEnvironmentId);
  }
}
