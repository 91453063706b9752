package io.envprov.controlplane.backup;

import static io.envprov.controlplane.support.CredentialConnections.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** What the backup tests share: active SQLite environments with rows, backups taken and awaited. */
abstract class BackupTestSupport extends ApiTestSupport {

  /** The backup store's directory (the default: {@code backups} under the data directory). */
  protected static Path storeDirectory() {
    return DATA_DIR.resolve("backups");
  }

  /** Where plaintext snapshots wait to be sealed. */
  protected static Path snapshotDirectory() {
    return DATA_DIR.resolve("tmp").resolve("backups");
  }

  /** A new organization's id. */
  protected String organization(String prefix) {
    return createOrganization(slug(prefix)).get("id").asString();
  }

  /** A new active sandbox environment of the organization. */
  protected String activeEnvironment(String organization) {
    String environment = createEnvironment(organization, slug("env")).get("id").asString();
    awaitStatus(environment, "active");
    return environment;
  }

  /** Writes rows holding each value into a table of the environment's database. */
  protected void writeRows(String environment, String table, List<String> values)
      throws SQLException {
    JsonNode credential =
        post("/v1/environments/" + environment + "/credentials", Map.of("scope", "readwrite"), 201);
    try (Connection connection = connect(credential)) {
      connection.createStatement().execute("CREATE TABLE IF NOT EXISTS " + table + " (v text)");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO " + table + " (v) VALUES (?)")) {
        for (String value : values) {
          insert.setString(1, value);
          insert.executeUpdate();
        }
      }
    }
  }

  /** The values of a table of a SQLite database file. */
  protected static List<String> rowsOf(Path sqliteFile, String table) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile);
        ResultSet rows =
            connection.createStatement().executeQuery("SELECT v FROM " + table + " ORDER BY v")) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  /** Asks for a backup as the platform admin: the 202 body. */
  protected JsonNode requestBackup(String environment, Object body) {
    return post("/v1/environments/" + environment + "/backups", body, 202);
  }

  /** Waits until the backup has finished (succeeded or failed) and returns it. */
  protected JsonNode awaitFinished(String backup) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              last[0] = get("/v1/backups/" + backup);
              assertThat(last[0].get("status").asString()).isIn("succeeded", "failed");
            });
    return last[0];
  }

  /** Takes a backup and waits until it succeeded. */
  protected JsonNode backup(String environment) {
    JsonNode backup = awaitFinished(requestBackup(environment, Map.of()).get("id").asString());
    assertThat(backup.get("status").asString()).as(backup.toString()).isEqualTo("succeeded");
    return backup;
  }

  /** The backup's row in the control-plane store, every column. */
  protected static Map<String, Object> row(String backup) {
    List<Map<String, Object>> rows =
        rows("SELECT * FROM backup WHERE id = ?", UUID.fromString(backup));
    assertThat(rows).as("backup row " + backup).hasSize(1);
    return rows.get(0);
  }

  protected static void update(String sql, Object... parameters) {
    try (Connection connection = STORE.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  protected static List<Map<String, Object>> rows(String sql, Object... parameters) {
    try (Connection connection = STORE.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
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

  /** A new user with an API key, and a client sending it. */
  protected record User(String id, WebTestClient client) {}

  protected User user() {
    String id =
        post("/v1/users", Map.of("email", UUID.randomUUID() + "@example.com", "name", "U"), 201)
            .get("id")
            .asString();
    String key = post("/v1/users/" + id + "/api-keys", Map.of(), 201).get("key").asString();
    return new User(
        id,
        anonymous
            .mutate()
            .responseTimeout(Duration.ofSeconds(30))
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
            .build());
  }

  /** Gives the user a role in the organization ({@code org_admin}, {@code org_member}). */
  protected void organizationRole(User user, String organization, String role) {
    put("/v1/organizations/" + organization + "/members/" + user.id(), role);
  }

  /** Gives the user an environment role (on top of {@code org_member}). */
  protected void environmentRole(User user, String organization, String environment, String role) {
    organizationRole(user, organization, "org_member");
    put("/v1/environments/" + environment + "/members/" + user.id(), role);
  }

  private void put(String path, String role) {
    admin()
        .put()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("role", role))
        .exchange()
        .expectStatus()
        .isOk();
  }

  /** A request's status and problem code (null when the body is no problem). */
  protected static String answer(WebTestClient.RequestHeadersSpec<?> request) {
    var result = request.exchange().expectBody().returnResult();
    byte[] body = result.getResponseBody();
    String code = null;
    if (body != null && body.length > 0) {
      JsonNode json = JSON.readTree(body);
      code = json.has("code") ? json.get("code").asString() : null;
    }
    return result.getStatus().value() + (code == null ? "" : " " + code);
  }
}
