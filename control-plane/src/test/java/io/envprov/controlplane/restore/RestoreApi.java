package io.envprov.controlplane.restore;

import static io.envprov.controlplane.support.CredentialConnections.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The routes restore and reset tests call, over any client (the shared test service's or one
 * started by a test): restore, reset, wait for an operation, and the environment's rows as an
 * application reads them through a credential.
 */
final class RestoreApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebTestClient client;

  RestoreApi(WebTestClient client) {
    this.client = client;
  }

  /** A backup taken through the backups API, once it succeeded: its id. */
  String backup(String environmentId) {
    String id =
        post("/v1/environments/" + environmentId + "/backups", Map.of(), 202).get("id").asString();
    JsonNode backup = awaitBackup(id);
    assertThat(backup.get("status").asString()).as(backup.toString()).isEqualTo("succeeded");
    return id;
  }

  /** The backup once it succeeded or failed. */
  JsonNode awaitBackup(String backupId) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              last[0] = get("/v1/backups/" + backupId, 200);
              assertThat(last[0].get("status").asString()).isIn("succeeded", "failed");
            });
    return last[0];
  }

  /** {@code POST /v1/backups/{id}/restore} expecting 202; the environment with its operation. */
  JsonNode restore(Object backupId, Map<String, ?> body) {
    return post("/v1/backups/" + backupId + "/restore", body, 202);
  }

  /** {@code POST /v1/environments/{id}/reset} expecting 202. */
  JsonNode reset(String environmentId) {
    return post("/v1/environments/" + environmentId + "/reset", Map.of(), 202);
  }

  /** The operation once it succeeded or failed. */
  JsonNode awaitOperation(JsonNode accepted) {
    String operationId = accepted.get("operation").get("id").asString();
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              last[0] = get("/v1/operations/" + operationId, 200);
              assertThat(last[0].get("status").asString()).isIn("succeeded", "failed");
            });
    return last[0];
  }

  /** Issues a credential of the scope; the 201 body with its secret and connection. */
  JsonNode credential(String environmentId, String scope) {
    return post("/v1/environments/" + environmentId + "/credentials", Map.of("scope", scope), 201);
  }

  /** Runs the statements through the credential. */
  static void execute(JsonNode credential, String... statements) throws SQLException {
    try (Connection connection = connect(credential);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.executeUpdate(sql);
      }
    }
  }

  /** The first column of every row the query returns, read through the credential. */
  static List<String> column(JsonNode credential, String query) throws SQLException {
    try (Connection connection = connect(credential);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
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
}
