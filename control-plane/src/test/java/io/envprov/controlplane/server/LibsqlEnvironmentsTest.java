package io.envprov.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.controlplane.support.RunningService;
import io.envprov.libsql.testserver.LibsqlTestServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * libSQL environments end to end: a sqld-compatible server (the protocol-faithful test server)
 * registered through the API, an environment provisioned in a namespace, credentials that connect
 * through the {@code jdbc:libsql:} driver, one revoked while its sibling keeps working.
 */
class LibsqlEnvironmentsTest {

  private static final String ADMIN_KEY = "sqld-admin-key-for-tests";
  @TempDir static Path dataDir;
  @TempDir static Path sqldDir;
  private static LibsqlTestServer sqld;
  private static RunningService service;
  private static String environmentId;
  private static String databaseName;
  private static String serverId;

  @BeforeAll
  static void start() throws Exception {
    sqld = LibsqlTestServer.builder(sqldDir).adminAuthKey(ADMIN_KEY).start();
    service = RunningService.start(TestPostgres.newDatabase(), dataDir, Map.of());
    serverId =
        service
            .post(
                "/v1/database-servers",
                Map.of(
                    "driver",
                    "libsql",
                    "region",
                    "edge",
                    "name",
                    "sqld-test",
                    "admin_url",
                    sqld.adminUrl().toString(),
                    "admin_secret",
                    ADMIN_KEY,
                    "options",
                    Map.of("sqlUrl", sqld.sqlUrl().toString()),
                    "capacity",
                    10),
                201)
            .get("id")
            .asString();
    String organization =
        service
            .post("/v1/organizations", Map.of("slug", "libsql-org", "name", "libSQL"), 201)
            .get("id")
            .asString();
    environmentId =
        service
            .post(
                "/v1/organizations/" + organization + "/environments",
                Map.of(
                    "slug", "edge",
                    "name", "Edge",
                    "env_type", "development",
                    "driver", "libsql",
                    "region", "edge"),
                202)
            .get("id")
            .asString();
    JsonNode active = service.awaitStatus(environmentId, "active");
    databaseName = active.get("database").get("database_name").asString();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (sqld != null) {
      sqld.close();
    }
  }

  @Test
  void a_libsql_environment_lives_in_its_own_namespace_with_the_baseline() throws Exception {
    assertThat(sqld.namespaceNames()).contains(databaseName);
    JsonNode credential = issue("readonly");

    try (Connection connection = connect(credential)) {
      assertThat(count(connection, "SELECT count(*) FROM flyway_schema_history WHERE success"))
          .isPositive();
      assertThat(
              count(
                  connection,
                  "SELECT count(*) FROM sqlite_master"
                      + " WHERE type = 'table' AND name = 'sys_package_installation'"))
          .isEqualTo(1);
    }
  }

  @Test
  void orphan_listings_a_libsql_server_cannot_answer_are_a_clear_conflict() {
    for (String listing : List.of("orphans", "orphan-logins")) {
      service
          .client()
          .get()
          .uri("/v1/database-servers/" + serverId + "/" + listing)
          .exchange()
          .expectStatus()
          .isEqualTo(409)
          .expectBody()
          .jsonPath("$.code")
          .isEqualTo("not_supported");
    }
  }

  @Test
  void one_credential_is_revoked_while_its_sibling_keeps_working() throws Exception {
    JsonNode kept = issue("readwrite");
    JsonNode revoked = issue("readwrite");
    try (Connection connection = connect(revoked)) {
      insert(connection, "pkg.before-revoke");
    }

    service
        .client()
        .delete()
        .uri("/v1/credentials/" + revoked.get("id").asString())
        .exchange()
        .expectStatus()
        .isOk();

    assertThatThrownBy(
            () -> {
              try (Connection connection = connect(revoked)) {
                count(connection, "SELECT count(*) FROM sys_package_installation");
              }
            })
        .isInstanceOf(SQLException.class);
    try (Connection connection = connect(kept)) {
      insert(connection, "pkg.after-revoke");
      assertThat(count(connection, "SELECT count(*) FROM sys_package_installation"))
          .isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void a_readonly_credential_cannot_write() throws Exception {
    JsonNode readonly = issue("readonly");

    try (Connection connection = connect(readonly)) {
      assertThatThrownBy(() -> insert(connection, "pkg.readonly")).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void rotation_gives_a_working_replacement_while_the_old_token_lasts_its_grace() throws Exception {
    JsonNode old = issue("readwrite");

    JsonNode replacement =
        service.post("/v1/credentials/" + old.get("id").asString() + "/rotate", Map.of(), 201);

    try (Connection before = connect(old);
        Connection after = connect(replacement)) {
      assertThat(count(before, "SELECT 1")).isEqualTo(1);
      assertThat(count(after, "SELECT 1")).isEqualTo(1);
    }
  }

  private static JsonNode issue(String scope) {
    return service.post(
        "/v1/environments/" + environmentId + "/credentials", Map.of("scope", scope), 201);
  }

  private static Connection connect(JsonNode credential) throws SQLException {
    JsonNode connection = credential.get("connection");
    Properties properties = new Properties();
    connection
        .get("properties")
        .properties()
        .forEach(e -> properties.put(e.getKey(), e.getValue().asString()));
    properties.put("password", credential.get("secret").asString());
    return DriverManager.getConnection(connection.get("jdbc_url").asString(), properties);
  }

  private static void insert(Connection connection, String packageId) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO sys_package_installation (id, package_id, version, status) VALUES ('"
              + java.util.UUID.randomUUID()
              + "', '"
              + packageId
              + "', '1', 'installed')");
    }
  }

  private static int count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getInt(1);
    }
  }
}
