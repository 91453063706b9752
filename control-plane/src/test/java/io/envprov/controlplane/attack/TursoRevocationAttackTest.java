package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.RunningService;
import io.envprov.libsql.testserver.LibsqlTestServer;
import io.envprov.libsql.testserver.TursoPlatformTestServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, item 7: Turso cannot revoke one token (it can only invalidate all tokens of a
 * database). A leaked credential "revoked" through the API used to be answered {@code revoked}
 * while its token kept working. The revocation is now refused with 409 {@code not_supported},
 * nothing changes, and the credential stays listed as what it is: active.
 */
class TursoRevocationAttackTest {

  private static final String SQLD_ADMIN_KEY = "sqld-admin-key-behind-turso-tests";
  private static final String PLATFORM_TOKEN = "turso-platform-token-for-attack-tests";

  @TempDir static Path dataDir;
  @TempDir static Path sqldDir;
  private static LibsqlTestServer sqld;
  private static TursoPlatformTestServer turso;
  private static RunningService service;
  private static String environmentId;

  @BeforeAll
  static void start() throws Exception {
    sqld = LibsqlTestServer.builder(sqldDir).adminAuthKey(SQLD_ADMIN_KEY).start();
    turso = new TursoPlatformTestServer(sqld, SQLD_ADMIN_KEY, PLATFORM_TOKEN, "acme");
    service = RunningService.start(TestPostgres.newDatabase(), dataDir, Map.of());
    service.post(
        "/v1/database-servers",
        Map.of(
            "driver",
            "libsql",
            "region",
            "turso-edge",
            "name",
            "turso-test",
            "admin_url",
            turso.baseUrl().toString(),
            "admin_secret",
            PLATFORM_TOKEN,
            "options",
            Map.of("mode", "turso", "organization", "acme", "sqlUrl", sqld.sqlUrl().toString()),
            "capacity",
            10),
        201);
    String organization =
        service
            .post("/v1/organizations", Map.of("slug", "turso-org", "name", "Turso"), 201)
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
                    "region", "turso-edge"),
                202)
            .get("id")
            .asString();
    service.awaitStatus(environmentId, "active");
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (turso != null) {
      turso.close();
    }
    if (sqld != null) {
      sqld.close();
    }
  }

  @Test
  void revoking_a_turso_token_that_cannot_be_revoked_is_refused_not_reported_as_revoked()
      throws SQLException {
    JsonNode leaked =
        service.post(
            "/v1/environments/" + environmentId + "/credentials",
            Map.of("scope", "readwrite"),
            201);
    String id = leaked.get("id").asString();

    byte[] body =
        service
            .client()
            .delete()
            .uri("/v1/credentials/" + id)
            .exchange()
            .expectStatus()
            .isEqualTo(409)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();

    JsonNode problem = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
    assertThat(problem.get("code").asString()).isEqualTo("not_supported");
    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain(leaked.get("secret").asString())
        .doesNotContain(PLATFORM_TOKEN);
    // The truth: the token still opens the database, and the credential is still active.
    try (Connection connection = connect(leaked);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      assertThat(rows.next()).isTrue();
    }
    assertThat(service.get("/v1/credentials/" + id).get("status").asString()).isEqualTo("active");
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
}
