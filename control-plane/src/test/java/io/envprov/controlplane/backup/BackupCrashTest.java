package io.envprov.controlplane.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A backup whose worker died mid-way: its operation is {@code running} (attempt 1) and that attempt
 * left a sealed object behind. The revived attempt takes the backup again under a key of its own,
 * records it, and deletes what the dead one left; a stale run afterwards changes nothing.
 */
class BackupCrashTest extends BackupTestSupport {

  @Autowired BackupOperations operations;

  @Test
  void a_revived_attempt_takes_the_backup_again_and_removes_what_the_dead_one_left()
      throws Exception {
    String organization = organization("bk-crash");
    String environment = activeEnvironment(organization);
    UUID backup = UUID.randomUUID();
    UUID operation = UUID.randomUUID();
    update(
        "INSERT INTO operation (id, kind, resource_type, resource_id, status, attempts, payload,"
            + " created_by, created_at, started_at, updated_at)"
            + " VALUES (?, 'backup', 'environment', ?, 'running', 1, ?::jsonb, 'test', now(),"
            + " now(), now())",
        operation,
        UUID.fromString(environment),
        "{\"backup_id\": \"" + backup + "\"}");
    update(
        "INSERT INTO backup (id, environment_id, organization_id, driver, origin, status,"
            + " operation_id, created_by, created_at)"
            + " VALUES (?, ?, ?, 'sqlite', 'manual', 'running', ?, 'test', now())",
        backup,
        UUID.fromString(environment),
        UUID.fromString(organization),
        operation);
    Path leftover =
        storeDirectory().resolve(organization).resolve(environment).resolve(backup + ".1.bak");
    Files.createDirectories(leftover.getParent());
    Files.writeString(leftover, "half of a sealed backup");

    operations.run(operation);

    JsonNode taken = get("/v1/backups/" + backup);
    assertThat(taken.get("status").asString()).as(taken.toString()).isEqualTo("succeeded");
    Map<String, Object> row = row(backup.toString());
    assertThat((String) row.get("storage_key"))
        .isEqualTo(organization + "/" + environment + "/" + backup + ".2.bak");
    assertThat(storeDirectory().resolve((String) row.get("storage_key"))).exists();
    assertThat(leftover).doesNotExist();
    JsonNode finished = get("/v1/operations/" + operation);
    assertThat(finished.get("status").asString()).isEqualTo("succeeded");
    assertThat(finished.get("attempts").asInt()).isEqualTo(2);

    operations.run(operation);

    assertThat(get("/v1/backups/" + backup)).isEqualTo(taken);
    assertThat(get("/v1/operations/" + operation).get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void an_operation_whose_backup_is_gone_fails_instead_of_running_forever() {
    String environment = activeEnvironment(organization("bk-gone"));
    UUID operation = UUID.randomUUID();
    update(
        "INSERT INTO operation (id, kind, resource_type, resource_id, status, attempts, payload,"
            + " created_by, created_at, updated_at)"
            + " VALUES (?, 'backup', 'environment', ?, 'pending', 0, ?::jsonb, 'test', now(),"
            + " now())",
        operation,
        UUID.fromString(environment),
        "{\"backup_id\": \"" + UUID.randomUUID() + "\"}");

    operations.run(operation);

    JsonNode failed = get("/v1/operations/" + operation);
    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(failed.get("error").asString()).isEqualTo("the backup no longer exists");
  }
}
