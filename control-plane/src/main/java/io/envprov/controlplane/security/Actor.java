package io.envprov.controlplane.security;

import java.util.UUID;

/**
 * Who is calling: the authenticated API key and its role. Written to audit events and {@code
 * created_by}.
 *
 * @param apiKeyId the key's id
 * @param role {@code platform_admin}, {@code user} or {@code data_plane}
 */
public record Actor(UUID apiKeyId, String role) {

  public static final String PLATFORM_ADMIN = "platform_admin";

  /** How the actor is named in audit events and {@code created_by}. */
  public String name() {
    return "api-key:" + apiKeyId;
  }
}
