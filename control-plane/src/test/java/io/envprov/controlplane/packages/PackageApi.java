package io.envprov.controlplane.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.credential.StoredCredential;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.driver.spi.CredentialScope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The package routes as the tests call them, over any client (the shared test service's or one
 * started by a test): publish, install, wait for the operation, read what an environment holds.
 */
final class PackageApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebTestClient client;

  PackageApi(WebTestClient client) {
    this.client = client;
  }

  /** One migration with the same SQL for every dialect. */
  static Map<String, Object> migration(String version, String sql) {
    Map<String, Object> migration = new LinkedHashMap<>();
    migration.put("version", version);
    migration.put("description", "migration " + version);
    migration.put("sql", sql);
    return migration;
  }

  /** One migration with a text per dialect. */
  static Map<String, Object> migration(String version, Map<String, String> byDialect) {
    Map<String, Object> migration = new LinkedHashMap<>();
    migration.put("version", version);
    migration.put("description", "migration " + version);
    migration.put("sql_by_dialect", byDialect);
    return migration;
  }

  static Map<String, Object> body(
      String name, String version, List<Map<String, Object>> migrations) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("version", version);
    body.put("description", "package " + name);
    body.put("migrations", migrations);
    return body;
  }

  /** A fresh package name, so tests sharing a store do not meet. */
  static String name(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  JsonNode publish(String name, String version, List<Map<String, Object>> migrations) {
    return post("/v1/packages", body(name, version, migrations), 201);
  }

  /** Starts an install and returns the 202's operation. */
  JsonNode install(String environmentId, String name, String version) {
    return post(
        "/v1/environments/" + environmentId + "/packages",
        Map.of("name", name, "version", version),
        202);
  }

  /** Installs and waits for the operation to finish; returns the finished operation. */
  JsonNode installAndWait(String environmentId, String name, String version) {
    return awaitOperation(install(environmentId, name, version).get("id").asString());
  }

  JsonNode awaitOperation(String operationId) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              last[0] = get("/v1/operations/" + operationId);
              assertThat(last[0].get("status").asString()).isIn("succeeded", "failed");
            });
    return last[0];
  }

  /** The environment's packages by name. */
  Map<String, JsonNode> packages(String environmentId) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    get("/v1/environments/" + environmentId + "/packages")
        .get("items")
        .forEach(item -> byName.put(item.get("name").asString(), item));
    return byName;
  }

  /** Issues a credential of the scope and connects with it, as an application would. */
  Connection connect(String environmentId, String scope) throws SQLException {
    JsonNode credential =
        post("/v1/environments/" + environmentId + "/credentials", Map.of("scope", scope), 201);
    JsonNode connection = credential.get("connection");
    Properties properties = new Properties();
    connection
        .get("properties")
        .properties()
        .forEach(e -> properties.put(e.getKey(), e.getValue().asString()));
    properties.put("password", credential.get("secret").asString());
    return DriverManager.getConnection(connection.get("jdbc_url").asString(), properties);
  }

  JsonNode post(String path, Object body, int status) {
    return JSON.readTree(
        client
            .post()
            .uri(path)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  JsonNode get(String path) {
    return get(path, 200);
  }

  JsonNode get(String path, int status) {
    return JSON.readTree(
        client
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  /**
   * The secret of the admin credential the control plane uses for the environment (the one installs
   * connect with), opened from the store as the service does, for tests that check it never leaks.
   */
  static String adminSecret(CredentialRecords credentials, SecretBox box, String environmentId) {
    CredentialTarget target =
        credentials.targetOfEnvironment(UUID.fromString(environmentId)).orElseThrow();
    StoredCredential admin =
        credentials
            .serviceCredential(target.databaseId(), CredentialScope.ADMIN, OffsetDateTime.now())
            .orElseThrow();
    return box.open(admin.sealed(), admin.context());
  }

  /** The values of a JSON array of strings. */
  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }
}
