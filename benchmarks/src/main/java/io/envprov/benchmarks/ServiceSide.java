package io.envprov.benchmarks;

import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The service's side of the backup benchmark: the API calls one round makes, each waiting until
 * what it started has finished (polled every 50 ms, so polling adds at most that to a figure).
 */
final class ServiceSide {

  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final ControlPlaneClient client;
  private final ObjectMapper json;
  private final ApiProvisioner provisioner;
  private final String organizationId;

  ServiceSide(
      ControlPlaneClient client,
      ObjectMapper json,
      HarnessOptions harness,
      String organizationId,
      String driver,
      @Nullable String region) {
    this.client = client;
    this.json = json;
    this.organizationId = organizationId;
    this.provisioner = new ApiProvisioner(client, POLL, TIMEOUT, driver, region);
  }

  /** A new sandbox environment, active; its id. */
  String provision(String slug) throws Exception {
    return provisioner.provision(organizationId, slug).environmentId();
  }

  /**
   * An admin credential of the environment (the one that may create tables): its JDBC URL, with the
   * login put in {@code login}.
   */
  String adminUrl(String environmentId, Properties login) throws Exception {
    JsonNode issued =
        client.send(
            "POST",
            "/v1/environments/" + environmentId + "/credentials",
            json.createObjectNode().put("scope", "admin"),
            201);
    JsonNode connection = issued.path("connection");
    connection
        .path("properties")
        .properties()
        .forEach(p -> login.put(p.getKey(), p.getValue().asString()));
    login.put("user", connection.path("username").asString());
    login.put("password", issued.path("secret").asString());
    return connection.path("jdbc_url").asString();
  }

  /** Takes a backup and waits until it has succeeded; its id. */
  String backup(String environmentId) throws Exception {
    JsonNode accepted =
        client.send(
            "POST", "/v1/environments/" + environmentId + "/backups", json.createObjectNode(), 202);
    String id = backupId(accepted);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      JsonNode backup = client.read("/v1/backups/" + id);
      String status = backup.path("status").asString();
      if ("succeeded".equals(status)) {
        return id;
      }
      if ("failed".equals(status) || System.nanoTime() > deadline) {
        throw new IllegalStateException("backup " + id + " did not succeed: " + backup);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Restores the backup as a new sandbox environment and waits until it is active; its id. */
  String restoreAsNew(String backupId, String suffix) throws Exception {
    String slug = "restored-" + suffix + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    JsonNode environment =
        client.send(
            "POST",
            "/v1/backups/" + backupId + "/restore",
            json.createObjectNode()
                .put("target", "new")
                .put("slug", slug)
                .put("name", "Restored " + suffix)
                .put("env_type", "sandbox"),
            202);
    String id = environment.path("id").asString();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      JsonNode current = client.read("/v1/environments/" + id);
      String status = current.path("status").asString();
      if ("active".equals(status)) {
        return id;
      }
      if ("failed".equals(status) || System.nanoTime() > deadline) {
        throw new IllegalStateException("restore into " + id + " did not succeed: " + current);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Deletes an environment (the service runs with no recovery window, so its database goes). */
  void dropEnvironment(String environmentId) throws Exception {
    client.delete("/v1/environments/" + environmentId, 202);
  }

  /** Deletes a backup and its sealed file. */
  void deleteBackup(String backupId) throws Exception {
    client.delete("/v1/backups/" + backupId, 204);
  }

  private static String backupId(JsonNode accepted) {
    JsonNode backup = accepted.has("backup") ? accepted.path("backup") : accepted;
    return backup.path("id").asString();
  }
}
