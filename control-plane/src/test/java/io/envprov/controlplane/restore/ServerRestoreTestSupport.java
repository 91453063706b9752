package io.envprov.controlplane.restore;

import static io.envprov.controlplane.restore.RestoreApi.column;
import static io.envprov.controlplane.restore.RestoreApi.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.server.ServerDirectory;
import io.envprov.controlplane.support.RunningService;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.provisioner.DriverCatalog;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Restores and resets of environments on a database server, the same checks for every server-based
 * driver: in place (the backup's rows back, later ones gone, a login issued before still opens the
 * database), as a new environment on the same server, and a reset of a copy. Each test is skipped
 * while the driver cannot take snapshots on the server ({@code capabilities(server).backup()}).
 */
abstract class ServerRestoreTestSupport {

  /** The running service, with the server registered. */
  protected abstract RunningService service();

  /** The driver's name. */
  protected abstract String driver();

  /** The region the server was registered in. */
  protected abstract String region();

  /** The id of the registered server. */
  protected abstract String serverId();

  /** The organization the environments are made in. */
  protected abstract String organizationId();

  /**
   * A succeeded backup of the environment, taken through the API; skips the test while the driver
   * takes no snapshots on the server: it says so ({@code capabilities(server).backup()}), or it
   * still claims every flag but throws {@code UnsupportedCapabilityException} (drivers whose
   * backups are not written yet).
   */
  private String backupOrSkip(String environmentId) {
    ServerTarget target =
        service().bean(ServerDirectory.class).target(UUID.fromString(serverId())).orElseThrow();
    Assumptions.assumeTrue(
        service().bean(DriverCatalog.class).driver(driver()).capabilities(target).backup(),
        "the " + driver() + " driver cannot take snapshots on this server");
    JsonNode accepted = api().post("/v1/environments/" + environmentId + "/backups", Map.of(), 202);
    JsonNode backup = api().awaitBackup(accepted.get("id").asString());
    String error = backup.path("error").asString("");
    Assumptions.assumeFalse(
        backup.get("status").asString().equals("failed") && error.contains("does not support"),
        "the " + driver() + " driver does not take snapshots yet: " + error);
    assertThat(backup.get("status").asString()).as(backup.toString()).isEqualTo("succeeded");
    return backup.get("id").asString();
  }

  private RestoreApi api() {
    return new RestoreApi(service().client());
  }

  private String environment(String... texts) throws Exception {
    String id =
        service()
            .post(
                "/v1/organizations/" + organizationId() + "/environments",
                Map.of(
                    "slug",
                    "env-" + UUID.randomUUID().toString().substring(0, 8),
                    "name",
                    "Env",
                    "env_type",
                    "development",
                    "driver",
                    driver(),
                    "region",
                    region()),
                202)
            .get("id")
            .asString();
    service().awaitStatus(id, "active");
    JsonNode admin = api().credential(id, "admin");
    execute(admin, "CREATE TABLE notes (text text NOT NULL)");
    for (String text : texts) {
      execute(admin, "INSERT INTO notes (text) VALUES ('" + text + "')");
    }
    return id;
  }

  @Test
  void an_in_place_restore_brings_back_the_backups_rows_and_a_login_issued_before_still_works()
      throws Exception {
    String id = environment("before");
    JsonNode issuedBefore = api().credential(id, "readwrite");
    String backup = backupOrSkip(id);
    execute(issuedBefore, "INSERT INTO notes (text) VALUES ('after')");

    JsonNode accepted = api().restore(backup, Map.of("target", "in_place"));

    assertThat(accepted.get("status").asString()).isEqualTo("restoring");
    JsonNode operation = api().awaitOperation(accepted);
    assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("succeeded");
    assertThat(service().get("/v1/environments/" + id).get("status").asString())
        .isEqualTo("active");
    assertThat(column(issuedBefore, "SELECT text FROM notes")).containsExactly("before");
    execute(issuedBefore, "INSERT INTO notes (text) VALUES ('written after the restore')");
    assertThat(column(api().credential(id, "readonly"), "SELECT count(*) FROM notes"))
        .containsExactly("2");
  }

  @Test
  void a_backup_restored_as_a_new_environment_lands_on_the_same_server_with_the_rows()
      throws Exception {
    String id = environment("one", "two");
    String backup = backupOrSkip(id);

    JsonNode accepted =
        api()
            .restore(
                backup,
                Map.of(
                    "target",
                    "new",
                    "slug",
                    "restored-" + UUID.randomUUID().toString().substring(0, 8),
                    "name",
                    "Restored",
                    "env_type",
                    "development",
                    "driver",
                    driver()));

    JsonNode operation = api().awaitOperation(accepted);
    assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("succeeded");
    String restored = accepted.get("id").asString();
    JsonNode active = service().awaitStatus(restored, "active");
    assertThat(active.get("database").get("server_id").asString()).isEqualTo(serverId());
    assertThat(column(api().credential(restored, "readwrite"), "SELECT text FROM notes ORDER BY 1"))
        .containsExactly("one", "two");
  }

  @Test
  void a_copy_is_reset_to_its_source_and_keeps_its_logins() throws Exception {
    String source = environment("source row");
    backupOrSkip(source); // the reset takes a snapshot of the source as a backup does
    JsonNode copy =
        service()
            .post(
                "/v1/environments/" + source + "/copy",
                Map.of(
                    "slug", "copy-" + UUID.randomUUID().toString().substring(0, 8),
                    "name", "Copy",
                    "env_type", "development"),
                202);
    String copyId = copy.get("id").asString();
    service().awaitStatus(copyId, "active");
    JsonNode copyLogin = api().credential(copyId, "readwrite");
    execute(copyLogin, "DELETE FROM notes", "INSERT INTO notes (text) VALUES ('scratch')");

    JsonNode operation = api().awaitOperation(api().reset(copyId));

    assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("succeeded");
    assertThat(column(copyLogin, "SELECT text FROM notes")).containsExactly("source row");
    assertThat(service().get("/v1/environments/" + copyId).get("status").asString())
        .isEqualTo("active");
  }
}
