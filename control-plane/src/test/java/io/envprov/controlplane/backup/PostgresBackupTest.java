package io.envprov.controlplane.backup;

import static io.envprov.controlplane.support.CredentialConnections.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.server.ServerDirectory;
import io.envprov.controlplane.support.RunningService;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.testsupport.EmbeddedPostgresServer;
import io.envprov.testsupport.LocalPostgresServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backup of a PostgreSQL environment on a real server: refused as 409 {@code not_supported} while
 * the driver cannot back up databases on the server (and the rest skipped); once it can, taken and
 * sealed so the store holds none of the rows in the clear.
 */
class PostgresBackupTest {

  private static final String SECRET = "adm1n-s3cret-for-backup-tests";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static LocalPostgresServer server;
  private static EmbeddedPostgresServer newer;
  private static TestPostgres.Database store;
  @TempDir static Path dataDir;
  private static RunningService service;
  private static String serverId;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(
        LocalPostgresServer.available(15), "PostgreSQL 15 server binaries are not installed");
    server = LocalPostgresServer.start(15);
    newer = EmbeddedPostgresServer.start(SECRET);
    store = TestPostgres.newDatabase();
    service = RunningService.start(store, dataDir, Map.of());
    serverId =
        service
            .post(
                "/v1/database-servers",
                Map.of(
                    "driver", "postgres",
                    "region", "pg-backups",
                    "name", "pg-backups",
                    "admin_url", server.adminUrl(),
                    "admin_username", "postgres",
                    "admin_secret", server.adminPassword(),
                    "capacity", 10),
                201)
            .get("id")
            .asString();
    // PostgreSQL 17: the machine's pg_dump 15 cannot dump it.
    service.post(
        "/v1/database-servers",
        Map.of(
            "driver", "postgres",
            "region", "pg-newer",
            "name", "pg-newer",
            "admin_url", newer.adminUrl(),
            "admin_username", "postgres",
            "admin_secret", SECRET,
            "capacity", 10),
        201);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (server != null) {
      server.close();
    }
    if (newer != null) {
      newer.close();
    }
  }

  @Test
  void a_postgres_environment_is_backed_up_and_sealed() throws Exception {
    String organization =
        service
            .post("/v1/organizations", Map.of("slug", "pg-backups", "name", "PG backups"), 201)
            .get("id")
            .asString();
    String environment =
        service
            .post(
                "/v1/organizations/" + organization + "/environments",
                Map.of(
                    "slug", "pg-env",
                    "name", "PG",
                    "env_type", "production",
                    "driver", "postgres",
                    "region", "pg-backups"),
                202)
            .get("id")
            .asString();
    service.awaitStatus(environment, "active");
    String canary = "pg-canary-" + UUID.randomUUID();
    JsonNode credential =
        service.post(
            "/v1/environments/" + environment + "/credentials", Map.of("scope", "admin"), 201);
    try (Connection connection = connect(credential)) {
      connection.createStatement().execute("CREATE TABLE secrets (v text)");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO secrets (v) VALUES (?)")) {
        for (int i = 0; i < 100; i++) {
          insert.setString(1, canary + "-" + i);
          insert.executeUpdate();
        }
      }
    }
    ServerTarget target =
        service.bean(ServerDirectory.class).target(UUID.fromString(serverId)).orElseThrow();
    boolean supported =
        service.bean(DriverCatalog.class).driver("postgres").capabilities(target).backup();

    var answer =
        service
            .client()
            .post()
            .uri("/v1/environments/" + environment + "/backups")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("label", "pg"))
            .exchange()
            .expectBody()
            .returnResult();
    assertThat(supported).isTrue();
    assertThat(answer.getStatus().value()).isEqualTo(202);
    String backupId = JSON.readTree(answer.getResponseBody()).get("id").asString();
    JsonNode[] backup = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              backup[0] = service.get("/v1/backups/" + backupId);
              assertThat(backup[0].get("status").asString()).isIn("succeeded", "failed");
            });
    assertThat(backup[0].get("status").asString()).as(backup[0].toString()).isEqualTo("succeeded");
    assertThat(backup[0].get("driver").asString()).isEqualTo("postgres");
    String storageKey;
    try (Connection connection = store.connect();
        PreparedStatement query =
            connection.prepareStatement("SELECT storage_key FROM backup WHERE id = ?")) {
      query.setObject(1, UUID.fromString(backupId));
      try (ResultSet row = query.executeQuery()) {
        assertThat(row.next()).isTrue();
        storageKey = row.getString(1);
      }
    }
    String sealed =
        new String(
            Files.readAllBytes(dataDir.resolve("backups").resolve(storageKey)),
            StandardCharsets.ISO_8859_1);
    assertThat(sealed).doesNotContain(canary).doesNotContain(server.adminPassword());
  }

  @Test
  void a_backup_on_a_server_newer_than_the_machines_pg_dump_is_refused_with_not_supported() {
    String organization =
        service
            .post("/v1/organizations", Map.of("slug", "pg-newer", "name", "PG newer"), 201)
            .get("id")
            .asString();
    String environment =
        service
            .post(
                "/v1/organizations/" + organization + "/environments",
                Map.of(
                    "slug", "pg-newer-env",
                    "name", "PG 17",
                    "env_type", "sandbox",
                    "driver", "postgres",
                    "region", "pg-newer"),
                202)
            .get("id")
            .asString();
    service.awaitStatus(environment, "active");
    var answer =
        service
            .client()
            .post()
            .uri("/v1/environments/" + environment + "/backups")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of())
            .exchange()
            .expectBody()
            .returnResult();
    assertThat(answer.getStatus().value()).isEqualTo(409);
    assertThat(JSON.readTree(answer.getResponseBody()).get("code").asString())
        .isEqualTo("not_supported");
    assertThat(service.get("/v1/environments/" + environment + "/backups").get("items")).isEmpty();
  }
}
