package io.envprov.controlplane.packages;

import static io.envprov.controlplane.packages.PackageApi.migration;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.support.RunningService;
import io.envprov.libsql.testserver.LibsqlTestServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Packages installed into libSQL environments (namespaces of the sqld-compatible test server): the
 * SQLite dialect over the {@code jdbc:libsql:} driver, with the admin credential's token.
 */
@ExtendWith(OutputCaptureExtension.class)
class LibsqlPackagesTest {

  private static final String ADMIN_KEY = "sqld-admin-key-for-package-tests";
  @TempDir static Path dataDir;
  @TempDir static Path sqldDir;
  private static LibsqlTestServer sqld;
  private static RunningService service;
  private static PackageApi api;
  private static String organizationId;

  @BeforeAll
  static void start() {
    sqld = LibsqlTestServer.builder(sqldDir).adminAuthKey(ADMIN_KEY).start();
    service = RunningService.start(TestPostgres.newDatabase(), dataDir, Map.of());
    api = new PackageApi(service.client());
    service.post(
        "/v1/database-servers",
        Map.of(
            "driver",
            "libsql",
            "region",
            "edge",
            "name",
            "sqld-packages",
            "admin_url",
            sqld.adminUrl().toString(),
            "admin_secret",
            ADMIN_KEY,
            "options",
            Map.of("sqlUrl", sqld.sqlUrl().toString()),
            "capacity",
            10),
        201);
    organizationId =
        service
            .post("/v1/organizations", Map.of("slug", "libsql-packages", "name", "L"), 201)
            .get("id")
            .asString();
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
  void a_package_is_installed_upgraded_and_used_through_the_libsql_driver() throws Exception {
    String environmentId = environment();
    String name = PackageApi.name("edge");
    Map<String, Object> first =
        migration(
            "1",
            Map.of(
                "sqlite", "CREATE TABLE events (id integer PRIMARY KEY, kind text)",
                "postgres", "CREATE TABLE events (id bigserial PRIMARY KEY, kind text)"));
    api.publish(name, "1.0.0", List.of(first));
    api.publish(
        name, "1.1.0", List.of(first, migration("2", "CREATE INDEX events_kind ON events (kind)")));

    succeeded(api.installAndWait(environmentId, name, "1.0.0"));
    succeeded(api.installAndWait(environmentId, name, "1.1.0"));

    JsonNode installed = api.packages(environmentId).get(name);
    assertThat(installed.get("version").asString()).isEqualTo("1.1.0");
    assertThat(installed.get("drift").asBoolean()).isFalse();
    try (Connection application = api.connect(environmentId, "readwrite");
        Statement statement = application.createStatement()) {
      statement.executeUpdate("INSERT INTO events (id, kind) VALUES (1, 'signup')");
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void a_failing_migration_fails_the_install_and_the_environment_stays_active(
      CapturedOutput output) {
    String environmentId = environment();
    String name = PackageApi.name("broken");
    Map<String, Object> first = migration("1", "CREATE TABLE kept (id integer)");
    api.publish(name, "1", List.of(first));
    api.publish(name, "2", List.of(first, migration("2", "INSERT INTO missing_table VALUES (1)")));
    succeeded(api.installAndWait(environmentId, name, "1"));

    JsonNode failed = api.installAndWait(environmentId, name, "2");

    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(failed.get("error").asString()).contains("missing_table");
    assertThat(service.get("/v1/environments/" + environmentId).get("status").asString())
        .isEqualTo("active");
    JsonNode installed = api.packages(environmentId).get(name);
    assertThat(installed.get("version").asString()).isEqualTo("1");
    assertThat(installed.get("status").asString()).isEqualTo("failed");
    String token =
        PackageApi.adminSecret(
            service.bean(CredentialRecords.class), service.bean(SecretBox.class), environmentId);
    assertThat(failed.toString()).doesNotContain(token);
    assertThat(output.getAll()).doesNotContain(token).doesNotContain(ADMIN_KEY);
  }

  private static String environment() {
    String id =
        service
            .post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug", "edge-" + UUID.randomUUID().toString().substring(0, 6),
                    "name", "Edge",
                    "env_type", "development",
                    "driver", "libsql",
                    "region", "edge"),
                202)
            .get("id")
            .asString();
    service.awaitStatus(id, "active");
    return id;
  }

  private static void succeeded(JsonNode operation) {
    assertThat(operation.get("status").asString())
        .as(String.valueOf(operation.get("error")))
        .isEqualTo("succeeded");
  }
}
