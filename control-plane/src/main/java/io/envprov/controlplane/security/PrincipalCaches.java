package io.envprov.controlplane.security;

import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes this replica forget what it remembers of principals that were just revoked or disabled, so
 * that the change takes effect here at once rather than when the caches expire ({@code
 * controlplane.api-key-cache-ttl}, {@code controlplane.sessions.check-cache-ttl}). Call it after
 * the change is committed.
 */
@Component
public class PrincipalCaches {

  private final ApiKeyAuthenticationManager apiKeys;
  private final ObjectProvider<SessionTokenVerifier> sessions;

  PrincipalCaches(
      ApiKeyAuthenticationManager apiKeys, ObjectProvider<SessionTokenVerifier> sessions) {
    this.apiKeys = apiKeys;
    this.sessions = sessions;
  }

  /** The user was disabled: forget their API keys and sessions. */
  public void forgetUser(UUID userId) {
    apiKeys.forgetUser(userId);
    SessionTokenVerifier verifier = sessions.getIfAvailable();
    if (verifier != null) {
      verifier.forgetUser(userId);
    }
  }

  /** The API key was revoked: forget it. */
  public void forgetKey(UUID keyId) {
    apiKeys.forgetKey(keyId);
  }
}
