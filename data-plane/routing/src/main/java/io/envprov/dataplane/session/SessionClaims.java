package io.envprov.dataplane.session;

import io.envprov.driver.spi.CredentialScope;
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
 * @param scope the {@code db_scope} claim: the most the session's connections may do ({@code
 *     readwrite}, or {@code readonly} for a viewer); {@code readonly} when the token names an
 *     environment but no scope
 */
public record SessionClaims(
    UUID userId,
    UUID sessionId,
    @Nullable UUID activeEnvironmentId,
    Instant expiresAt,
    CredentialScope scope) {

  public SessionClaims {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(scope, "scope");
  }

  /** The environment this session routes to, if it has one. */
  public Optional<UUID> environment() {
    return Optional.ofNullable(activeEnvironmentId);
  }
}
