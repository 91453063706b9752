package io.envprov.controlplane.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A session as the API shows it, with its token in the response that issues the token only (a
 * replay for the same {@code Idempotency-Key} answers without it: tokens are never stored).
 *
 * @param scope the credential scope data planes connect with for this session ({@code readwrite} or
 *     {@code readonly}); null without an environment
 * @param expiresAt when the token expires (its {@code exp})
 * @param sessionExpiresAt when the session ends: no token outlives it
 */
record SessionView(
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String token,
    UUID sessionId,
    UUID userId,
    @Nullable UUID organizationId,
    @Nullable UUID activeEnvironmentId,
    @Nullable String scope,
    OffsetDateTime expiresAt,
    OffsetDateTime sessionExpiresAt) {

  static SessionView of(
      String token,
      UUID sessionId,
      UUID userId,
      @Nullable UUID organizationId,
      @Nullable UUID activeEnvironmentId,
      @Nullable String scope,
      Instant expiresAt,
      OffsetDateTime sessionExpiresAt) {
    return new SessionView(
        token,
        sessionId,
        userId,
        organizationId,
        activeEnvironmentId,
        scope,
        expiresAt.atOffset(ZoneOffset.UTC),
        sessionExpiresAt.withOffsetSameInstant(ZoneOffset.UTC));
  }

  SessionView withoutToken() {
    return new SessionView(
        null,
        sessionId,
        userId,
        organizationId,
        activeEnvironmentId,
        scope,
        expiresAt,
        sessionExpiresAt);
  }
}
