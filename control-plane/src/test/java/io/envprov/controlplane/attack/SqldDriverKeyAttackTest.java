package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.controlplane.support.RunningService;
import io.envprov.libsql.auth.Ed25519Keys;
import io.envprov.libsql.auth.Jwts;
import io.envprov.libsql.testserver.LibsqlTestServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, item 7: the sqld driver signed its own tokens with an Ed25519 key derived from the
 * admin auth key, and docker-compose shipped a default admin key. Whoever knew (or guessed) that
 * key derived the driver's key and read every tenant's namespace. Now a well-known default admin
 * key is refused at registration, and the driver's key comes from a random secret sealed by the
 * KMS: knowing the admin key no longer gives a token that opens a namespace.
 */
class SqldDriverKeyAttackTest {

  private static final String DEFAULT_ADMIN_KEY = "change-me-sqld-admin-key";
  private static final String ADMIN_KEY = "a-long-sqld-admin-key-for-attack-tests";
  private static final String KEY_PURPOSE = "envprov/libsql/driver-key/v1";

  @TempDir static Path dataDir;
  @TempDir static Path sqldDir;
  private static LibsqlTestServer sqld;
  private static RunningService service;
  private static TestPostgres.Database store;

  @BeforeAll
  static void start() throws Exception {
    sqld = LibsqlTestServer.builder(sqldDir).adminAuthKey(ADMIN_KEY).start();
    store = TestPostgres.newDatabase();
    service = RunningService.start(store, dataDir, Map.of());
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
  void a_well_known_default_admin_key_is_refused_at_registration() {
    for (String weak : new String[] {DEFAULT_ADMIN_KEY, "admin", "short-key"}) {
      JsonNode problem = service.post("/v1/database-servers", server("sqld-weak", weak), 400);
      assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
      assertThat(problem.toString()).doesNotContain(DEFAULT_ADMIN_KEY, "short-key");
    }
    assertThat(service.get("/v1/database-servers").get("items").valueStream())
        .noneMatch(s -> s.get("name").asString().equals("sqld-weak"));
  }

  @Test
  void knowing_the_admin_key_does_not_give_a_token_that_opens_a_tenant_namespace()
      throws Exception {
    service.post("/v1/database-servers", server("sqld-strong", ADMIN_KEY), 201);
    String organization =
        service
            .post("/v1/organizations", Map.of("slug", "sqld-victim", "name", "Victim"), 201)
            .get("id")
            .asString();
    String environment =
        service
            .post(
                "/v1/organizations/" + organization + "/environments",
                Map.of(
                    "slug", "victim",
                    "name", "Victim",
                    "env_type", "development",
                    "driver", "libsql",
                    "region", "sqld-edge"),
                202)
            .get("id")
            .asString();
    String namespace =
        service.awaitStatus(environment, "active").get("database").get("database_name").asString();

    // The attacker derives the key the driver used to derive, and signs a token with it.
    KeyPair derived = Ed25519Keys.derive(ADMIN_KEY, KEY_PURPOSE);
    String forged =
        Jwts.sign(derived.getPrivate(), namespace, "rw", Instant.now().plusSeconds(300));
    assertThatThrownBy(() -> count(namespace, forged)).isInstanceOf(SQLException.class);

    // The driver's secret is stored sealed with the server, never in clear.
    try (Connection connection = store.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM database_server_driver_key k JOIN database_server s"
                    + " ON s.id = k.server_id WHERE s.name = 'sqld-strong'"
                    + " AND k.kms_key_id IS NOT NULL AND length(k.key_cipher) > 32")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
    // And the service itself still works with its own key: credentials open the namespace.
    JsonNode credential =
        service.post(
            "/v1/environments/" + environment + "/credentials", Map.of("scope", "readonly"), 201);
    assertThat(count(namespace, credential.get("secret").asString())).isPositive();
  }

  private static Map<String, Object> server(String name, String adminSecret) {
    return Map.of(
        "driver",
        "libsql",
        "region",
        "sqld-edge",
        "name",
        name,
        "admin_url",
        sqld.adminUrl().toString(),
        "admin_secret",
        adminSecret,
        "options",
        Map.of("sqlUrl", sqld.sqlUrl().toString()),
        "capacity",
        10);
  }

  private static int count(String namespace, String token) throws SQLException {
    Properties properties = new Properties();
    properties.put("password", token);
    String url = "jdbc:libsql:" + sqld.sqlUrl().toString().replaceAll("/+$", "");
    try (Connection connection =
            DriverManager.getConnection(url + "?namespace=" + namespace, properties);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
