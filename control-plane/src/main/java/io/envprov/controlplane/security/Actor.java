package io.envprov.controlplane.security;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: an API key (a user's, a platform admin's or a data-plane service account's) or a
 * session token. Written to audit events and {@code created_by}.
 *
 * @param principalId the API key's id, the session's id for a session token, or the user's id for a
 *     token of the OpenID Connect issuer
 * @param role {@code platform_admin}, {@code user} or {@code data_plane}
 * @param userId the user the key or session belongs to; null for keys of no user (the bootstrap
 *     admin key, service accounts)
 * @param sessionId the session, when the caller presented a session token
 */
public record Actor(
    UUID principalId, String role, @Nullable UUID userId, @Nullable UUID sessionId) {

  public static final String PLATFORM_ADMIN = "platform_admin";
  public static final String USER = "user";
  public static final String DATA_PLANE = "data_plane";

  /** An API key's actor. */
  public static Actor apiKey(UUID keyId, String role, @Nullable UUID userId) {
    return new Actor(keyId, role, userId, null);
  }

  /** A session token's actor: always a user. */
  public static Actor session(UUID sessionId, UUID userId) {
    return new Actor(sessionId, USER, userId, sessionId);
  }

  /** A user signed in with a token of the configured OpenID Connect issuer. */
  public static Actor oidc(UUID userId) {
    return new Actor(userId, USER, userId, null);
  }

  /** Whether this is a platform admin, who may do anything (and is audited doing it). */
  public boolean platformAdmin() {
    return PLATFORM_ADMIN.equals(role);
  }

  /** How the actor is named in audit events and {@code created_by}. */
  public String name() {
    if (sessionId != null) {
      return "user:" + userId + " (session " + sessionId + ")";
    }
    if (userId != null && userId.equals(principalId)) {
      return "user:" + userId + " (oidc)";
    }
    return userId == null
        ? "api-key:" + principalId
        : "user:" + userId + " (api-key " + principalId + ")";
  }
}
