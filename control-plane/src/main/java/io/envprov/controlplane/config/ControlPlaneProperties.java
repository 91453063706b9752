package io.envprov.controlplane.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code controlplane.*}.
 *
 * @param dataDir where the embedded store, SQLite environments and the local key live ({@code
 *     CONTROL_PLANE_DATA_DIR})
 * @param database the control-plane store; embedded PostgreSQL when no URL is set
 * @param bootstrapAdminKey the platform-admin API key to create on start ({@code
 *     CONTROL_PLANE_BOOTSTRAP_ADMIN_KEY}); generated and written to a file when unset
 * @param defaultRegion the region of environments that name none
 * @param defaultDriver the driver of environments that name none
 * @param maxRequestBytes the largest request body accepted (413 above it)
 * @param apiKeyCacheTtl how long a verified API key is remembered (a revoked key keeps working for
 *     at most this long)
 * @param worker the provisioning worker
 * @param drivers settings passed to each driver, by driver name
 * @param servers database servers declared in configuration, registered (or updated) on start
 */
@ConfigurationProperties("controlplane")
public record ControlPlaneProperties(
    @DefaultValue("./var") Path dataDir,
    @DefaultValue Database database,
    @Nullable String bootstrapAdminKey,
    @DefaultValue("local") String defaultRegion,
    @DefaultValue("sqlite") String defaultDriver,
    @DefaultValue("65536") int maxRequestBytes,
    @DefaultValue("10s") Duration apiKeyCacheTtl,
    @DefaultValue Worker worker,
    @DefaultValue Map<String, Map<String, String>> drivers,
    @DefaultValue List<DeclaredServer> servers) {

  /**
   * A database server declared in configuration ({@code controlplane.servers[0].*}).
   *
   * @param name unique name; the server is matched by it on every start
   * @param driver {@code postgres} or {@code libsql}
   * @param region where it runs
   * @param adminUrl how to reach it as an admin, without a secret
   * @param adminUsername the admin user
   * @param adminSecret the admin secret (sealed before it is stored; never logged)
   * @param capacity databases it may hold
   * @param options driver-specific options
   */
  public record DeclaredServer(
      String name,
      String driver,
      @DefaultValue("local") String region,
      String adminUrl,
      @Nullable String adminUsername,
      @Nullable String adminSecret,
      @DefaultValue("100") int capacity,
      @DefaultValue Map<String, String> options) {

    @Override
    public String toString() {
      return "DeclaredServer[name="
          + name
          + ", driver="
          + driver
          + ", adminUrl="
          + adminUrl
          + ", adminSecret=***]";
    }
  }

  /**
   * The control-plane store.
   *
   * @param url a JDBC URL of an external PostgreSQL; empty means embedded
   * @param username its user
   * @param password its password (never logged)
   * @param embeddedPort the embedded server's port; 0 picks a free one
   * @param poolSize connections in the store's pool; keep it above {@code apiThreads} plus the
   *     worker's threads
   * @param apiThreads threads that run the API's store work (the bounded core behind the reactive
   *     HTTP edge)
   * @param apiQueue requests that may wait for one of those threads; past it the API answers 503
   */
  public record Database(
      @Nullable String url,
      @Nullable String username,
      @Nullable String password,
      @DefaultValue("0") int embeddedPort,
      @DefaultValue("20") int poolSize,
      @DefaultValue("8") int apiThreads,
      @DefaultValue("2000") int apiQueue) {

    public boolean isEmbedded() {
      return url == null || url.isBlank();
    }
  }

  /**
   * The provisioning worker (db-scheduler).
   *
   * @param enabled whether this replica executes operations (API-only replicas set false)
   * @param threads operations executed at once
   * @param pollingInterval how often due operations are looked for when none was signalled
   * @param heartbeatInterval how often a running operation proves its worker alive
   * @param missedHeartbeatsLimit missed heartbeats after which another worker revives it
   * @param retryAttempts driver calls per step, the first included
   * @param retryBackoff the first wait between driver calls
   * @param callTimeout the longest one driver call may take
   * @param bulkCallTimeout the longest a backup or a restore of one database may take in the driver
   * @param maxCallsPerServer driver calls at once per database server
   * @param name how this replica names itself in the job table ({@code picked_by}); empty: the host
   *     name (set it when several replicas share a host, so their work can be told apart)
   */
  public record Worker(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("8") int threads,
      @DefaultValue("1s") Duration pollingInterval,
      @DefaultValue("2s") Duration heartbeatInterval,
      @DefaultValue("4") int missedHeartbeatsLimit,
      @DefaultValue("4") int retryAttempts,
      @DefaultValue("200ms") Duration retryBackoff,
      @DefaultValue("60s") Duration callTimeout,
      @DefaultValue("2h") Duration bulkCallTimeout,
      @DefaultValue("8") int maxCallsPerServer,
      @DefaultValue("") String name) {}
}
