package io.envprov.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A server declared in {@code controlplane.servers} is inserted on the first start and, matched by
 * name, updated with what the configuration says on the next; its secret is stored sealed.
 */
class DeclaredServersTest {

  private static final String NAME = "declared-pg";

  @TempDir Path dataDir;

  @Test
  void a_declared_server_is_inserted_then_updated_by_name() throws Exception {
    TestPostgres.Database store = TestPostgres.newDatabase();
    String id;
    try (RunningService first =
        RunningService.start(store, dataDir, declared("eu-west", 7, "admin", "s3cret-declared"))) {
      JsonNode server = declaredServer(first);
      id = server.get("id").asString();
      assertThat(server.get("driver").asString()).isEqualTo("postgres");
      assertThat(server.get("region").asString()).isEqualTo("eu-west");
      assertThat(server.get("capacity").asInt()).isEqualTo(7);
      assertThat(server.get("admin_username").asString()).isEqualTo("admin");
      assertThat(server.get("status").asString()).isEqualTo("active");
      assertThat(server.toString()).doesNotContain("s3cret-declared");
    }
    assertThat(sealedSecret(store)).as("the secret is stored sealed").isNotNull();

    try (RunningService second =
        RunningService.start(store, dataDir, declared("us-east", 9, "other", null))) {
      JsonNode server = declaredServer(second);
      assertThat(server.get("id").asString()).as("matched by name").isEqualTo(id);
      assertThat(server.get("region").asString()).isEqualTo("us-east");
      assertThat(server.get("capacity").asInt()).isEqualTo(9);
      assertThat(server.get("admin_username").asString()).isEqualTo("other");
    }
    assertThat(sealedSecret(store)).as("a secret no longer configured is dropped").isNull();
    assertThat(auditActions(store, id))
        .containsExactly("database_server.created", "database_server.updated");
  }

  private static Map<String, String> declared(
      String region, int capacity, String username, @Nullable String secret) {
    Map<String, String> properties = new HashMap<>();
    String prefix = "controlplane.servers[0].";
    properties.put(prefix + "name", NAME);
    properties.put(prefix + "driver", "postgres");
    properties.put(prefix + "region", region);
    properties.put(prefix + "admin-url", "jdbc:postgresql://localhost:1/postgres");
    properties.put(prefix + "admin-username", username);
    properties.put(prefix + "capacity", Integer.toString(capacity));
    if (secret != null) {
      properties.put(prefix + "admin-secret", secret);
    }
    return properties;
  }

  private static JsonNode declaredServer(RunningService service) {
    for (JsonNode server : service.get("/v1/database-servers").get("items")) {
      if (server.get("name").asString().equals(NAME)) {
        return server;
      }
    }
    throw new AssertionError("no server named " + NAME);
  }

  private static byte @Nullable [] sealedSecret(TestPostgres.Database store) throws Exception {
    try (Connection connection = connect(store);
        PreparedStatement select =
            connection.prepareStatement(
                "select admin_secret_cipher from database_server where name = ?")) {
      select.setString(1, NAME);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getBytes(1);
      }
    }
  }

  private static List<String> auditActions(TestPostgres.Database store, String id)
      throws Exception {
    try (Connection connection = connect(store);
        PreparedStatement select =
            connection.prepareStatement(
                "select action from audit_event where resource_id = ?::uuid order by occurred_at")) {
      select.setString(1, id);
      List<String> actions = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          actions.add(rows.getString(1));
        }
      }
      return actions;
    }
  }

  private static Connection connect(TestPostgres.Database store) throws Exception {
    return DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
  }
}
