package io.envprov.controlplane.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A provisioning that cannot succeed leaves the environment failed, with its error, and no
 * database.
 */
class FailedOperationTest {

  @TempDir Path dataDir;

  @Test
  void a_failed_provisioning_leaves_a_failed_environment_with_its_error_and_no_database()
      throws Exception {
    // The SQLite directory is a regular file: no database can be created under it.
    Path blocked = Files.createFile(dataDir.resolve("not-a-directory"));
    Map<String, String> broken =
        Map.of(
            "controlplane.drivers.sqlite.directory", blocked.toString(),
            "controlplane.worker.retry-attempts", "2",
            "controlplane.worker.retry-backoff", "10ms");

    try (RunningService service =
        RunningService.start(TestPostgres.newDatabase(), dataDir, broken)) {
      JsonNode organization =
          service.post("/v1/organizations", Map.of("slug", "broken", "name", "Broken"), 201);
      String environmentId = organization.get("default_environment").get("id").asString();

      JsonNode failed = service.awaitStatus(environmentId, "failed");

      assertThat(failed.get("error").asString()).isNotBlank();
      JsonNode operation =
          service.get(
              organization.get("default_environment").get("operation").get("href").asString());
      assertThat(operation.get("status").asString()).isEqualTo("failed");
      assertThat(operation.get("error").asString()).isEqualTo(failed.get("error").asString());
      try (Stream<Path> files = Files.walk(dataDir)) {
        assertThat(files.filter(p -> p.getFileName().toString().contains("env_")))
            .as("no database file is left behind")
            .isEmpty();
      }

      JsonNode retried =
          service.post("/v1/environments/" + environmentId + "/retry", Map.of(), 202);
      assertThat(retried.get("status").asString()).isEqualTo("provisioning");
      assertThat(retried.get("operation").get("id").asString())
          .isNotEqualTo(operation.get("id").asString());
      service.awaitStatus(environmentId, "failed");
    }
  }
}
