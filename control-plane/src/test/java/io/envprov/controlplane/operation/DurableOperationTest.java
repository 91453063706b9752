package io.envprov.controlplane.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Operations survive the service stopping: they are picked up and completed after a restart. */
class DurableOperationTest {

  private static final Map<String, String> API_ONLY =
      Map.of("controlplane.worker.enabled", "false");
  private static final Map<String, String> WITH_WORKER = Map.of();

  @TempDir Path dataDir;

  @Test
  void an_operation_pending_when_the_service_stops_completes_after_a_restart() throws Exception {
    TestPostgres.Database store = TestPostgres.newDatabase();
    String environmentId;
    String organizationId;
    try (RunningService apiOnly = RunningService.start(store, dataDir, API_ONLY)) {
      JsonNode organization =
          apiOnly.post("/v1/organizations", Map.of("slug", "durable", "name", "Durable"), 201);
      organizationId = organization.get("id").asString();
      environmentId = organization.get("default_environment").get("id").asString();
      Thread.sleep(1500);
      assertThat(apiOnly.get("/v1/environments/" + environmentId).get("status").asString())
          .as("nothing executes operations on an API-only replica")
          .isEqualTo("provisioning");
    }

    try (RunningService restarted = RunningService.start(store, dataDir, WITH_WORKER)) {
      JsonNode active = restarted.awaitStatus(environmentId, "active");

      assertThat(active.get("organization_id").asString()).isEqualTo(organizationId);
      Path file =
          dataDir
              .resolve("sqlite")
              .resolve(active.get("database").get("database_name").asString() + ".db");
      assertThat(file).exists();
      assertThat(tables(file)).contains("sys_package_installation");
    }
  }

  @Test
  void an_operation_whose_worker_died_mid_step_is_revived_and_converges() throws Exception {
    TestPostgres.Database store = TestPostgres.newDatabase();
    String environmentId;
    String databaseName;
    try (RunningService apiOnly = RunningService.start(store, dataDir, API_ONLY)) {
      JsonNode organization =
          apiOnly.post("/v1/organizations", Map.of("slug", "crashed", "name", "Crashed"), 201);
      environmentId = organization.get("default_environment").get("id").asString();
      databaseName =
          organization.get("default_environment").get("database").get("database_name").asString();
    }
    // A worker on another host picked the operation, created an empty database file, and died.
    try (Connection connection = store.connect()) {
      connection
          .createStatement()
          .executeUpdate(
              "UPDATE scheduled_tasks SET picked = true, picked_by = 'dead-host',"
                  + " last_heartbeat = now() - interval '1 hour', version = version + 1");
      connection
          .createStatement()
          .executeUpdate(
              "UPDATE operation SET status = 'running', attempts = 1, started_at = now()");
    }
    Path file = dataDir.resolve("sqlite").resolve(databaseName + ".db");
    Files.createDirectories(file.getParent());
    Files.createFile(file);

    try (RunningService survivor = RunningService.start(store, dataDir, WITH_WORKER)) {
      survivor.awaitStatus(environmentId, "active");

      assertThat(tables(file)).contains("sys_package_installation");
      try (Connection connection = store.connect();
          PreparedStatement query =
              connection.prepareStatement(
                  "SELECT status, attempts FROM operation WHERE resource_id = ?")) {
        query.setObject(1, UUID.fromString(environmentId));
        try (ResultSet row = query.executeQuery()) {
          assertThat(row.next()).isTrue();
          assertThat(row.getString("status")).isEqualTo("succeeded");
          assertThat(row.getInt("attempts")).isEqualTo(2);
        }
      }
    }
  }

  private static java.util.List<String> tables(Path file) throws Exception {
    java.util.List<String> names = new java.util.ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
