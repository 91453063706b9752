package io.envprov.controlplane.credential;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a data plane needs to connect to an environment's database, served by the connection broker
 * to data-plane principals only. {@link #toString()} hides the secret.
 */
public record ConnectionView(
    UUID environmentId,
    String driver,
    String jdbcUrl,
    String username,
    String secret,
    UUID credentialId,
    String scope,
    @Nullable OffsetDateTime expiresAt,
    Map<String, String> properties) {

  @Override
  public String toString() {
    return "ConnectionView[environmentId="
        + environmentId
        + ", credentialId="
        + credentialId
        + ", secret=***]";
  }
}
