package io.envprov.driver.spi;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A database server the driver can administer, with its admin secret already decrypted.
 *
 * @param id the control plane's id of the server
 * @param adminUrl how to reach it as an admin (e.g. a JDBC URL or an HTTP base URL), no secret
 * @param adminUsername the admin user, when the server has users
 * @param adminSecret the admin secret; never printed by {@link #toString()}
 * @param options driver-specific facts (e.g. the SQL URL of a sqld server)
 * @param driverSecret a random secret of the driver's own for this server, for drivers that ask for
 *     one ({@link DatabaseDriver#usesDriverSecret}): generated once by the control plane, kept
 *     sealed, never derived from anything else; never printed by {@link #toString()}
 */
public record ServerTarget(
    String id,
    String adminUrl,
    @Nullable String adminUsername,
    @Nullable String adminSecret,
    Map<String, String> options,
    @Nullable String driverSecret) {

  public ServerTarget {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(adminUrl, "adminUrl");
    options = Map.copyOf(options);
  }

  /** A server without a driver secret. */
  public ServerTarget(
      String id,
      String adminUrl,
      @Nullable String adminUsername,
      @Nullable String adminSecret,
      Map<String, String> options) {
    this(id, adminUrl, adminUsername, adminSecret, options, null);
  }

  /** The same server with the driver's secret. */
  public ServerTarget withDriverSecret(@Nullable String secret) {
    return new ServerTarget(id, adminUrl, adminUsername, adminSecret, options, secret);
  }

  @Override
  public String toString() {
    return "ServerTarget[id="
        + id
        + ", adminUrl="
        + adminUrl
        + ", adminUsername="
        + adminUsername
        + ", adminSecret="
        + (adminSecret == null ? "null" : "***")
        + ", options="
        + options
        + ", driverSecret="
        + (driverSecret == null ? "null" : "***")
        + "]";
  }
}
