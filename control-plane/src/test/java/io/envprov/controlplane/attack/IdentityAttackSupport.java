package io.envprov.controlplane.attack;

import io.envprov.controlplane.support.ApiTestSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * What the identity attacks share: users made through the real API, their roles, sessions, and
 * reads of the store (audit events, session rows) to check what the attack left behind.
 */
abstract class IdentityAttackSupport extends ApiTestSupport {

  /** A user made through the API, with an API key of theirs. */
  record User(String id, String key) {}

  User user(String label) {
    JsonNode user =
        post(
            "/v1/users",
            Map.of("email", label + "-" + UUID.randomUUID() + "@example.test", "name", label),
            201);
    String id = user.get("id").asString();
    return new User(id, post("/v1/users/" + id + "/api-keys", Map.of(), 201).get("key").asString());
  }

  void organizationRole(User user, String organizationId, String role) {
    put("/v1/organizations/" + organizationId + "/members/" + user.id(), Map.of("role", role));
  }

  void environmentRole(User user, String environmentId, String role) {
    put("/v1/environments/" + environmentId + "/members/" + user.id(), Map.of("role", role));
  }

  private void put(String path, Object body) {
    admin()
        .put()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk();
  }

  WebTestClient as(String bearer) {
    return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).build();
  }

  /** Opens a session with the bearer (a user's API key); the 201 body. */
  JsonNode openSession(String bearer, @Nullable String environmentId) {
    return JSON.readTree(
        as(bearer)
            .post()
            .uri("/v1/sessions")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                environmentId == null ? Map.of() : Map.of("active_environment_id", environmentId))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  /** The status of switching the token's session into the environment. */
  int switchSession(String token, String environmentId) {
    return as(token)
        .put()
        .uri("/v1/sessions/current")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("active_environment_id", environmentId))
        .exchange()
        .returnResult(byte[].class)
        .getStatus()
        .value();
  }

  /** The session ids in the revocation feed now. */
  List<String> revocationFeed() {
    List<String> ids = new ArrayList<>();
    get("/v1/session-revocations")
        .get("items")
        .forEach(item -> ids.add(item.get("session_id").asString()));
    return ids;
  }

  /** The rows of a query on the store, each as column name to value. */
  List<Map<String, Object>> rows(String sql, Object... parameters) {
    try (Connection connection = STORE.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          Map<String, Object> row = new java.util.LinkedHashMap<>();
          for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
            row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
