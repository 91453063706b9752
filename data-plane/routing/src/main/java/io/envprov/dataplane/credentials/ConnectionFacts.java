package io.envprov.dataplane.credentials;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How to connect to one environment's database with one credential, as the connection broker serves
 * it. {@link #toString()} leaves the secret out.
 *
 * @param environmentId the environment
 * @param driver the driver name ({@code sqlite}, {@code postgres}, {@code libsql}, ...)
 * @param jdbcUrl the JDBC URL, without credentials
 * @param username the login (may be empty, e.g. for SQLite)
 * @param secret the password or token (may be empty)
 * @param credentialId the credential's id; a rotation changes it
 * @param expiresAt when the credential stops working, if it ever does
 * @param properties extra JDBC properties, e.g. {@code open_mode} for SQLite
 */
public record ConnectionFacts(
    UUID environmentId,
    String driver,
    String jdbcUrl,
    String username,
    String secret,
    String credentialId,
    @Nullable Instant expiresAt,
    Map<String, String> properties) {

  public ConnectionFacts {
    Objects.requireNonNull(environmentId, "environmentId");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(credentialId, "credentialId");
    properties = Map.copyOf(properties);
  }

  /** The JDBC properties: the extra ones, then {@code user} and {@code password} when present. */
  public Properties jdbcProperties() {
    Properties jdbc = new Properties();
    jdbc.putAll(properties);
    if (!username.isEmpty()) {
      jdbc.setProperty("user", username);
    }
    if (!secret.isEmpty()) {
      jdbc.setProperty("password", secret);
    }
    return jdbc;
  }

  /** {@code text} with this credential's secret masked, for messages that quote a driver. */
  public String redact(@Nullable String text) {
    if (text == null) {
      return "";
    }
    return secret.isEmpty() ? text : text.replace(secret, "****");
  }

  @Override
  public String toString() {
    return "ConnectionFacts[environmentId="
        + environmentId
        + ", driver="
        + driver
        + ", jdbcUrl="
        + jdbcUrl
        + ", username="
        + username
        + ", secret=****, credentialId="
        + credentialId
        + ", expiresAt="
        + expiresAt
        + ", properties="
        + properties.keySet()
        + "]";
  }
}
