package io.envprov.controlplane.packages;

import static io.envprov.controlplane.packages.PackageApi.migration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.EmbeddedPostgresServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
 * Packages installed into PostgreSQL environments end to end: the migrations run as the
 * environment's admin login (so what they create belongs to the database's admin group and the
 * readwrite and readonly logins get their usual rights), upgrades, a failing migration rolled back
 * whole, a promotion and a schema diff between two databases of one server.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresPackagesTest {

  private static final String SECRET = "adm1n-s3cret-for-package-tests";
  private static EmbeddedPostgresServer server;
  @TempDir static Path dataDir;
  private static RunningService service;
  private static PackageApi api;
  private static String organizationId;

  @BeforeAll
  static void start() {
    server = EmbeddedPostgresServer.start(SECRET);
    service = RunningService.start(TestPostgres.newDatabase(), dataDir, Map.of());
    api = new PackageApi(service.client());
    service.post(
        "/v1/database-servers",
        Map.of(
            "driver", "postgres",
            "region", "pg-packages",
            "name", "pg-packages",
            "admin_url", server.adminUrl(),
            "admin_username", "postgres",
            "admin_secret", SECRET,
            "capacity", 50),
        201);
    organizationId =
        service
            .post("/v1/organizations", Map.of("slug", "pg-packages", "name", "PG packages"), 201)
            .get("id")
            .asString();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void what_a_package_creates_is_the_admin_groups_and_applications_use_it() throws Exception {
    String environmentId = environment("use");
    String name = PackageApi.name("crm");
    api.publish(
        name,
        "1.0.0",
        List.of(
            migration(
                "1",
                Map.of(
                    "postgres", "CREATE TABLE contacts (id bigserial PRIMARY KEY, name text)",
                    "sqlite", "CREATE TABLE contacts (id integer PRIMARY KEY, name text)"))));

    succeeded(api.installAndWait(environmentId, name, "1.0.0"));

    String database = databaseName(environmentId);
    try (Connection admin = server.admin(database);
        ResultSet owner =
            admin
                .createStatement()
                .executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'contacts'")) {
      assertThat(owner.next()).isTrue();
      assertThat(owner.getString(1)).isEqualTo(database + "_admin");
    }
    try (Connection application = api.connect(environmentId, "readwrite");
        Statement statement = application.createStatement()) {
      statement.executeUpdate("INSERT INTO contacts (name) VALUES ('Ada')");
    }
    try (Connection reader = api.connect(environmentId, "readonly");
        Statement statement = reader.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM contacts")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(1);
      }
      assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO contacts (name) VALUES ('x')"))
          .isInstanceOf(SQLException.class);
    }
    JsonNode installed = api.packages(environmentId).get(name);
    assertThat(installed.get("version").asString()).isEqualTo("1.0.0");
    assertThat(installed.get("drift").asBoolean()).isFalse();
  }

  @Test
  void an_upgrade_runs_only_what_is_missing_and_a_failing_one_is_rolled_back_whole(
      CapturedOutput output) throws Exception {
    String environmentId = environment("upgrade");
    String name = PackageApi.name("ledger");
    Map<String, Object> first = migration("1", "CREATE TABLE entries (id integer PRIMARY KEY)");
    Map<String, Object> second = migration("2", "ALTER TABLE entries ADD COLUMN amount numeric");
    api.publish(name, "1.0.0", List.of(first));
    api.publish(name, "1.1.0", List.of(first, second));
    api.publish(
        name,
        "1.2.0",
        List.of(
            first,
            second,
            migration("3", "ALTER TABLE entries ADD COLUMN currency text"),
            migration("4", "ALTER TABLE nowhere ADD COLUMN x integer")));
    succeeded(api.installAndWait(environmentId, name, "1.0.0"));
    try (Connection application = api.connect(environmentId, "readwrite")) {
      application.createStatement().executeUpdate("INSERT INTO entries (id) VALUES (1)");
    }

    succeeded(api.installAndWait(environmentId, name, "1.1.0"));
    JsonNode failed = api.installAndWait(environmentId, name, "1.2.0");

    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(failed.get("error").asString()).contains("nowhere");
    assertThat(columns(environmentId, "entries")).containsExactly("amount", "id");
    assertThat(history(environmentId, name)).containsExactly("1", "2");
    assertThat(service.get("/v1/environments/" + environmentId).get("status").asString())
        .isEqualTo("active");
    JsonNode installed = api.packages(environmentId).get(name);
    assertThat(installed.get("version").asString()).isEqualTo("1.1.0");
    assertThat(installed.get("status").asString()).isEqualTo("failed");
    String secret = adminSecret(environmentId);
    assertThat(failed.toString()).doesNotContain(secret);
    assertThat(output.getAll()).doesNotContain(secret).doesNotContain(SECRET);
  }

  @Test
  void a_promotion_and_a_schema_diff_between_two_postgres_environments() throws Exception {
    String dev = environment("dev");
    String prod = environment("prod");
    String name = PackageApi.name("app");
    Map<String, Object> first = migration("1", "CREATE TABLE items (id integer PRIMARY KEY)");
    api.publish(name, "1.0.0", List.of(first));
    api.publish(
        name,
        "2.0.0",
        List.of(
            first,
            migration("2", "ALTER TABLE items ADD COLUMN label text NOT NULL DEFAULT ''"),
            migration("3", "CREATE INDEX items_label ON items (label)")));
    succeeded(api.installAndWait(dev, name, "2.0.0"));
    succeeded(api.installAndWait(prod, name, "1.0.0"));

    JsonNode diff = api.get("/v1/environments/" + dev + "/schema-diff?with=" + prod);
    assertThat(diff.get("identical").asBoolean()).isFalse();
    JsonNode column = diff.get("columns").get(0);
    assertThat(column.get("column").asString()).isEqualTo("label");
    assertThat(column.get("here").get("nullable").asBoolean()).isFalse();
    assertThat(diff.get("indexes").get(0).get("index").asString()).isEqualTo("items_label");

    succeeded(
        api.awaitOperation(
            api.post(
                    "/v1/environments/" + prod + "/promote",
                    Map.of("from_environment_id", dev),
                    202)
                .get("id")
                .asString()));

    assertThat(api.packages(prod).get(name).get("version").asString()).isEqualTo("2.0.0");
    JsonNode after = api.get("/v1/environments/" + dev + "/schema-diff?with=" + prod);
    assertThat(after.get("identical").asBoolean()).as(after.toString()).isTrue();
  }

  // ---- helpers

  private static String environment(String slug) {
    String id =
        service
            .post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug", slug + "-" + UUID.randomUUID().toString().substring(0, 6),
                    "name", slug,
                    "env_type", "development",
                    "driver", "postgres",
                    "region", "pg-packages"),
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

  private static String databaseName(String environmentId) {
    return service
        .get("/v1/environments/" + environmentId)
        .get("database")
        .get("database_name")
        .asString();
  }

  private static List<String> columns(String environmentId, String table) throws Exception {
    return names(
        environmentId,
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
            + " AND table_name = '"
            + table
            + "' ORDER BY column_name");
  }

  private static List<String> history(String environmentId, String name) throws Exception {
    return names(
        environmentId,
        "SELECT version FROM sys_migrations_" + name + " WHERE success ORDER BY installed_rank");
  }

  private static List<String> names(String environmentId, String query) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection admin = server.admin(databaseName(environmentId));
        ResultSet rows = admin.createStatement().executeQuery(query)) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  private static String adminSecret(String environmentId) {
    return PackageApi.adminSecret(
        service.bean(CredentialRecords.class), service.bean(SecretBox.class), environmentId);
  }
}
