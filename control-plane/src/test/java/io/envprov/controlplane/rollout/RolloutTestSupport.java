package io.envprov.controlplane.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * What the rollout API tests share: packages in the catalog, users with roles, requests as any of
 * them, and reads of the store for what the API does not show (audit events, the scheduler's
 * executions). Adds no configuration: the tests share the one cached context of {@link
 * ApiTestSupport}.
 */
abstract class RolloutTestSupport extends ApiTestSupport {

  /**
   * Publishes a package version. Through {@code POST /v1/packages} (the packages feature's route)
   * when the service has it; until that feature is merged into this branch the route answers 404,
   * and the version is written straight into the catalog table instead, in the shape the catalog
   * stores ({@code migrations} as given). Returns the package name.
   */
  protected String publish(String name, String version, List<Map<String, Object>> migrations) {
    int status =
        admin()
            .post()
            .uri("/v1/packages")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", name, "version", version, "migrations", migrations))
            .exchange()
            .returnResult(byte[].class)
            .getStatus()
            .value();
    if (status == 404) {
      update(
          "INSERT INTO package_version (name, version, version_key, migrations, checksum,"
              + " published_by, published_at) VALUES (?, ?, ?, ?::jsonb, ?, 'test', ?)",
          name,
          version,
          Arrays.stream(version.split("\\.")).map(Integer::valueOf).toArray(Integer[]::new),
          JSON.writeValueAsString(migrations),
          UUID.randomUUID().toString().replace("-", "").repeat(2),
          OffsetDateTime.now(ZoneOffset.UTC));
    } else {
      assertThat(status).as("POST /v1/packages").isIn(200, 201);
    }
    return name;
  }

  /** A package of one migration that creates {@code table}, published as 1.0.0. */
  protected String publishCreating(String table) {
    String name = "pkg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    return publish(
        name,
        "1.0.0",
        List.of(
            Map.of(
                "version",
                "1",
                "description",
                "the table",
                "sql",
                "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, body TEXT)"),
            Map.of(
                "version",
                "2",
                "description",
                "an index",
                "sql",
                "CREATE INDEX " + table + "_body ON " + table + " (body)")));
  }

  /** A user with an API key, holding {@code role} in the organization (none when null). */
  protected WebTestClient user(String organizationId, String role) {
    JsonNode user =
        post(
            "/v1/users",
            Map.of("email", "rollout-" + UUID.randomUUID() + "@example.test", "name", "U"),
            201);
    String id = user.get("id").asString();
    String key = post("/v1/users/" + id + "/api-keys", Map.of(), 201).get("key").asString();
    if (role != null) {
      admin()
          .put()
          .uri("/v1/organizations/" + organizationId + "/members/" + id)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("role", role))
          .exchange()
          .expectStatus()
          .isOk();
    }
    return anonymous
        .mutate()
        .responseTimeout(Duration.ofSeconds(30))
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
        .build();
  }

  /** {@code POST /v1/rollouts} as {@code client}, expecting {@code status}; returns the body. */
  protected static JsonNode createRollout(WebTestClient client, Object body, int status) {
    return send(
        client.post().uri("/v1/rollouts").contentType(MediaType.APPLICATION_JSON).bodyValue(body),
        status);
  }

  protected static JsonNode send(WebTestClient.RequestHeadersSpec<?> request, int status) {
    byte[] body =
        request
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody();
    return body == null ? JSON.nullNode() : JSON.readTree(body);
  }

  protected static JsonNode call(WebTestClient client, String method, String path, int status) {
    WebTestClient.RequestHeadersSpec<?> request =
        "post".equals(method) ? client.post().uri(path) : client.get().uri(path);
    return send(request, status);
  }

  /** The rollout once it reaches {@code status}. */
  protected JsonNode awaitRollout(String id, String status) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              last[0] = get("/v1/rollouts/" + id);
              assertThat(last[0].get("status").asString()).isEqualTo(status);
            });
    return last[0];
  }

  /**
   * Waits until the rollout has no db-scheduler execution left (it stopped for good, or paused).
   */
  protected static void awaitNoExecution(String rolloutId) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                query(
                        "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'rollout'"
                            + " AND task_instance = ?",
                        rolloutId)
                    .get(0)
                    .equals("0"));
  }

  /** The audit actions recorded about the rollout, oldest first. */
  protected static List<String> audited(String rolloutId) {
    return query(
        "SELECT action FROM audit_event WHERE resource_id = ? ORDER BY occurred_at",
        UUID.fromString(rolloutId));
  }

  /** The first column of each row of a query on the store, as text. */
  protected static List<String> query(String sql, Object... parameters) {
    try (Connection connection = STORE.connect();
        PreparedStatement statement = prepared(connection, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  protected static void update(String sql, Object... parameters) {
    try (Connection connection = STORE.connect();
        PreparedStatement statement = prepared(connection, sql, parameters)) {
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PreparedStatement prepared(Connection connection, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      Object parameter = parameters[i];
      if (parameter instanceof Integer[] numbers) {
        statement.setArray(i + 1, connection.createArrayOf("integer", numbers));
      } else {
        statement.setObject(i + 1, parameter);
      }
    }
    return statement;
  }

  /** The ids of the items of a page body. */
  protected static List<String> ids(JsonNode page, String field) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(item -> ids.add(item.get(field).asString()));
    return ids;
  }
}
