package io.envprov.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.Pages;
import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.EmbeddedPostgresServer;
import io.envprov.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL environments end to end: two real PostgreSQL servers registered through the API,
 * environments placed on them, provisioned, copied and dropped.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresEnvironmentsTest {

  private static final String SECRET = "adm1n-s3cret-for-tests";
  private static EmbeddedPostgresServer east;
  private static EmbeddedPostgresServer west;
  @TempDir static Path dataDir;
  private static TestPostgres.Database store;
  private static RunningService service;

  @BeforeAll
  static void start() throws Exception {
    east = EmbeddedPostgresServer.start(SECRET);
    west = EmbeddedPostgresServer.start(SECRET);
    store = TestPostgres.newDatabase();
    // The purge of deleted environments runs every second: the drop test waits for it.
    service =
        RunningService.start(
            store, dataDir, Map.of("controlplane.environments.purge-interval", "1s"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    east.close();
    west.close();
  }

  @Test
  void a_postgres_environment_is_placed_provisioned_deleted_with_its_logins_dropped_then_purged()
      throws Exception {
    String eastId = register("pg-east-" + System.nanoTime(), "eu-east", east, 10);
    register("pg-west-" + System.nanoTime(), "eu-west", west, 10);
    String organizationId = organization();

    JsonNode accepted =
        service.post(
            "/v1/organizations/" + organizationId + "/environments",
            Map.of(
                "slug",
                "pg-east",
                "name",
                "PG",
                "env_type",
                "sandbox",
                "driver",
                "postgres",
                "region",
                "eu-east"),
            202);
    JsonNode active = service.awaitStatus(accepted.get("id").asString(), "active");

    assertThat(active.get("database").get("server_id").asString()).isEqualTo(eastId);
    String databaseName = active.get("database").get("database_name").asString();
    assertThat(active.get("database").get("database_url").asString())
        .startsWith("jdbc:postgresql://")
        .doesNotContain(SECRET);
    assertThat(databasesOn(east)).contains(databaseName);
    assertThat(tablesOf(east, databaseName)).contains("sys_package_installation");

    String id = accepted.get("id").asString();
    List<String> logins = new ArrayList<>();
    service
        .get("/v1/environments/" + id + "/credentials")
        .get("items")
        .forEach(c -> logins.add(c.get("username").asString()));
    assertThat(rolesOn(east)).containsAll(logins);

    service
        .client()
        .delete()
        .uri("/v1/environments/" + id)
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("deleted");
    // In its recovery window: the database stays, its logins are gone from the server.
    assertThat(databasesOn(east)).contains(databaseName);
    assertThat(rolesOn(east)).doesNotContainAnyElementsOf(logins);

    try (Connection connection = store.connect()) {
      var statement =
          connection.prepareStatement(
              "UPDATE environment SET purge_after = now() - interval '1 second' WHERE id = ?");
      statement.setObject(1, java.util.UUID.fromString(id));
      statement.executeUpdate();
    }
    service.awaitStatus(id, "archived");
    assertThat(databasesOn(east)).doesNotContain(databaseName);
  }

  @Test
  void a_copy_lands_beside_its_source_with_its_data() throws Exception {
    register("pg-copy-" + System.nanoTime(), "eu-copy", east, 10);
    String organizationId = organization();
    String source =
        service
            .post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug",
                    "src",
                    "name",
                    "Src",
                    "env_type",
                    "sandbox",
                    "driver",
                    "postgres",
                    "region",
                    "eu-copy"),
                202)
            .get("id")
            .asString();
    JsonNode sourceActive = service.awaitStatus(source, "active");
    String sourceDb = sourceActive.get("database").get("database_name").asString();
    try (Connection connection = connect(east, sourceDb)) {
      connection
          .createStatement()
          .execute(
              "INSERT INTO sys_package_installation (id, package_id, version, status)"
                  + " VALUES (gen_random_uuid(), 'pkg.copy', '1', 'installed')");
    }

    String copy =
        service
            .post(
                "/v1/environments/" + source + "/copy",
                Map.of(
                    "slug",
                    "copy",
                    "name",
                    "Copy",
                    "env_type",
                    "development",
                    "mode",
                    "everything"),
                202)
            .get("id")
            .asString();
    JsonNode copyActive = service.awaitStatus(copy, "active");

    assertThat(copyActive.get("database").get("server_id"))
        .isEqualTo(sourceActive.get("database").get("server_id"));
    String copyDb = copyActive.get("database").get("database_name").asString();
    try (Connection connection = connect(east, copyDb);
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT package_id FROM sys_package_installation")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("pkg.copy");
    }
  }

  @Test
  void when_every_server_is_full_a_create_is_refused_with_no_capacity_and_nothing_is_created()
      throws Exception {
    String name = "pg-solo-" + System.nanoTime();
    register(name, "solo", west, 1);
    String organizationId = organization();
    service.awaitStatus(
        service
            .post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug",
                    "first",
                    "name",
                    "First",
                    "env_type",
                    "sandbox",
                    "driver",
                    "postgres",
                    "region",
                    "solo"),
                202)
            .get("id")
            .asString(),
        "active");
    // The servers other tests registered are drained for a moment, so none has room.
    try (Connection connection = store.connect()) {
      connection
          .createStatement()
          .executeUpdate(
              "UPDATE database_server SET status = 'draining' WHERE name <> '" + name + "'");
    }
    try {
      JsonNode problem =
          service.post(
              "/v1/organizations/" + organizationId + "/environments",
              Map.of(
                  "slug", "second", "name", "Second", "env_type", "sandbox", "driver", "postgres"),
              503);

      assertThat(problem.get("code").asString()).isEqualTo("no_capacity");
      JsonNode environments = service.get("/v1/organizations/" + organizationId + "/environments");
      assertThat(environments.get("items")).hasSize(2); // the default and the first
    } finally {
      try (Connection connection = store.connect()) {
        connection
            .createStatement()
            .executeUpdate(
                "UPDATE database_server SET status = 'active' WHERE status = 'draining'");
      }
    }
  }

  @Test
  void a_server_secret_is_never_returned_nor_stored_in_clear_nor_logged(CapturedOutput output)
      throws Exception {
    String name = "pg-secret-" + System.nanoTime();
    JsonNode created = registerJson(name, "eu-secret", east, 5);

    assertThat(created.toString()).doesNotContain(SECRET);
    assertThat(service.get("/v1/database-servers").toString()).doesNotContain(SECRET);
    assertThat(created.get("health").get("status").asString()).isEqualTo("UP");
    String organizationId = organization();
    service.awaitStatus(
        service
            .post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug",
                    "secret",
                    "name",
                    "S",
                    "env_type",
                    "sandbox",
                    "driver",
                    "postgres",
                    "region",
                    "eu-secret"),
                202)
            .get("id")
            .asString(),
        "active");
    try (Connection connection = store.connect();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT admin_secret_cipher FROM database_server")) {
      while (rows.next()) {
        assertThat(new String(rows.getBytes(1), StandardCharsets.ISO_8859_1))
            .doesNotContain(SECRET);
      }
    }
    assertThat(output.getAll()).doesNotContain(SECRET);
  }

  @Test
  void databases_with_our_prefix_that_belong_to_no_environment_are_reported_and_removed_on_request()
      throws Exception {
    String serverId = register("pg-orphans-" + System.nanoTime(), "eu-orphans", west, 10);
    String orphan = "env_" + "0".repeat(31) + "1";
    try (Connection connection = west.admin("postgres")) {
      connection.createStatement().execute("CREATE DATABASE " + orphan);
    }

    JsonNode orphans = service.get("/v1/database-servers/" + serverId + "/orphans");
    assertThat(orphans.get("items").toString()).contains(orphan);

    service
        .client()
        .delete()
        .uri("/v1/database-servers/" + serverId + "/orphans/" + orphan)
        .exchange()
        .expectStatus()
        .isNoContent();
    assertThat(databasesOn(west)).doesNotContain(orphan);
    service
        .client()
        .delete()
        .uri("/v1/database-servers/" + serverId + "/orphans/env_" + "2".repeat(32))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void servers_and_orphan_databases_are_walked_page_by_page_to_the_end() throws Exception {
    String serverId = register("pg-paged-" + System.nanoTime(), "eu-paged", west, 10);
    for (int i = 0; i < 3; i++) {
      register("pg-paged-" + i + "-" + System.nanoTime(), "eu-paged", west, 10);
    }
    List<String> orphans = new ArrayList<>();
    try (Connection connection = west.admin("postgres")) {
      for (int i = 0; i < 5; i++) {
        String orphan = "env_" + "7".repeat(31) + i;
        connection.createStatement().execute("CREATE DATABASE " + orphan);
        orphans.add(orphan);
      }
    }
    java.util.function.Function<String, JsonNode> get = service::get;

    List<String> servers =
        Pages.walk(get, "/v1/database-servers", 2, item -> item.get("id").asString());
    List<String> orphanPages =
        Pages.walk(get, "/v1/database-servers/" + serverId + "/orphans", 2, JsonNode::asString);

    assertThat(servers)
        .hasSizeGreaterThanOrEqualTo(4)
        .doesNotHaveDuplicates()
        .contains(serverId)
        .containsExactlyElementsOf(
            Pages.all(get, "/v1/database-servers", item -> item.get("id").asString()));
    assertThat(orphanPages)
        .doesNotHaveDuplicates()
        .containsAll(orphans)
        .containsExactlyElementsOf(
            Pages.all(get, "/v1/database-servers/" + serverId + "/orphans", JsonNode::asString));
    for (String listing : List.of("orphans", "orphan-logins")) {
      service
          .client()
          .get()
          .uri("/v1/database-servers/" + serverId + "/" + listing + "?cursor=not-a-cursor")
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.code")
          .isEqualTo("validation_failed");
    }
    try (Connection connection = west.admin("postgres")) {
      for (String orphan : orphans) {
        connection.createStatement().execute("DROP DATABASE " + orphan);
      }
    }
  }

  @Test
  void logins_of_no_live_credential_are_reported_and_dropped_on_request_and_live_ones_are_not()
      throws Exception {
    String serverId = register("pg-logins-" + System.nanoTime(), "eu-logins", west, 10);
    String organizationId = organization();
    String environmentId =
        service
            .post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug", "logins",
                    "name", "Logins",
                    "env_type", "sandbox",
                    "driver", "postgres",
                    "region", "eu-logins"),
                202)
            .get("id")
            .asString();
    JsonNode active = service.awaitStatus(environmentId, "active");
    String databaseName = active.get("database").get("database_name").asString();
    List<String> live = new ArrayList<>();
    service
        .get("/v1/environments/" + environmentId + "/credentials")
        .get("items")
        .forEach(credential -> live.add(credential.get("username").asString()));
    assertThat(live).isNotEmpty();
    // What an issue that crashed after the driver call and before the store write leaves behind.
    String stray = "c_" + "ab".repeat(16);
    try (Connection connection = west.admin("postgres")) {
      connection
          .createStatement()
          .execute(
              "CREATE ROLE "
                  + stray
                  + " LOGIN PASSWORD 'x' IN ROLE "
                  + databaseName
                  + "_readwrite");
    }
    String logins = "/v1/database-servers/" + serverId + "/orphan-logins";

    JsonNode orphans = service.get(logins);

    assertThat(orphans.get("items").toString())
        .contains("{\"username\":\"" + stray + "\",\"database_name\":\"" + databaseName + "\"}");
    live.forEach(username -> assertThat(orphans.get("items").toString()).doesNotContain(username));
    service
        .client()
        .delete()
        .uri(logins + "/" + live.get(0))
        .exchange()
        .expectStatus()
        .isNotFound();
    service.client().delete().uri(logins + "/" + stray).exchange().expectStatus().isNoContent();
    assertThat(rolesOn(west)).doesNotContain(stray).contains(live.get(0));
    service.client().delete().uri(logins + "/" + stray).exchange().expectStatus().isNotFound();
  }

  @Test
  void a_server_that_keeps_failing_fails_its_environment_cleanly_and_new_placements_avoid_it()
      throws Exception {
    int deadPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      deadPort = socket.getLocalPort(); // nothing listens there once the socket is closed
    }
    String deadId =
        service
            .post(
                "/v1/database-servers",
                Map.of(
                    "driver",
                    "postgres",
                    "region",
                    "eu-dead",
                    "name",
                    "pg-dead-" + System.nanoTime(),
                    "admin_url",
                    "jdbc:postgresql://localhost:" + deadPort + "/postgres",
                    "admin_username",
                    "postgres",
                    "admin_secret",
                    SECRET,
                    "capacity",
                    10),
                201)
            .get("id")
            .asString();
    register("pg-rescue-" + System.nanoTime(), "eu-rescue", east, 10);
    String organizationId = organization();
    Map<String, String> inDeadRegion =
        Map.of(
            "slug",
            "doomed",
            "name",
            "Doomed",
            "env_type",
            "sandbox",
            "driver",
            "postgres",
            "region",
            "eu-dead");

    String doomed =
        service
            .post("/v1/organizations/" + organizationId + "/environments", inDeadRegion, 202)
            .get("id")
            .asString();
    JsonNode failed = service.awaitStatus(doomed, "failed");

    assertThat(failed.get("error").asString()).doesNotContain(SECRET).isNotBlank();
    JsonNode dead = service.get("/v1/database-servers/" + deadId);
    assertThat(dead.get("health").get("status").asString()).isEqualTo("DOWN");
    assertThat(dead.get("health").get("circuit_open").asBoolean()).isTrue();

    JsonNode placedElsewhere =
        service.post(
            "/v1/organizations/" + organizationId + "/environments",
            Map.of(
                "slug",
                "rescued",
                "name",
                "Rescued",
                "env_type",
                "sandbox",
                "driver",
                "postgres",
                "region",
                "eu-dead"),
            202);
    JsonNode active = service.awaitStatus(placedElsewhere.get("id").asString(), "active");
    assertThat(active.get("database").get("server_id").asString())
        .isNotEqualTo(deadId)
        .isNotBlank();
  }

  @Test
  void a_server_that_holds_databases_cannot_be_deleted() {
    String serverId = register("pg-busy-" + System.nanoTime(), "eu-busy", east, 10);
    String organizationId = organization();
    String id =
        service
            .post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of(
                    "slug",
                    "busy",
                    "name",
                    "Busy",
                    "env_type",
                    "sandbox",
                    "driver",
                    "postgres",
                    "region",
                    "eu-busy"),
                202)
            .get("id")
            .asString();
    service.awaitStatus(id, "active");

    service
        .client()
        .delete()
        .uri("/v1/database-servers/" + serverId)
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("server_in_use");
  }

  private static String organization() {
    return service
        .post("/v1/organizations", Map.of("slug", "org-" + System.nanoTime(), "name", "Org"), 201)
        .get("id")
        .asString();
  }

  private static String register(
      String name, String region, EmbeddedPostgresServer server, int capacity) {
    return registerJson(name, region, server, capacity).get("id").asString();
  }

  private static JsonNode registerJson(
      String name, String region, EmbeddedPostgresServer server, int capacity) {
    return service.post(
        "/v1/database-servers",
        Map.of(
            "driver", "postgres",
            "region", region,
            "name", name,
            "admin_url", server.adminUrl(),
            "admin_username", "postgres",
            "admin_secret", SECRET,
            "capacity", capacity),
        201);
  }

  private static Connection connect(EmbeddedPostgresServer server, String database)
      throws Exception {
    return server.admin(database);
  }

  private static List<String> rolesOn(EmbeddedPostgresServer server) throws Exception {
    return names(server, "SELECT rolname FROM pg_roles");
  }

  private static List<String> databasesOn(EmbeddedPostgresServer server) throws Exception {
    return names(server, "SELECT datname FROM pg_database");
  }

  /** The first column of the query's rows, run as the server's superuser. */
  private static List<String> names(EmbeddedPostgresServer server, String query) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = server.admin("postgres");
        ResultSet rows = connection.createStatement().executeQuery(query)) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  private static List<String> tablesOf(EmbeddedPostgresServer server, String database)
      throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = connect(server, database);
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
