package io.envprov.controlplane.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.Pages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * Manual backups through the API, of SQLite environments with real files: taken, sealed so the
 * store holds none of the data in the clear, listed, read, deleted, and refused where they must be.
 */
class BackupApiTest extends BackupTestSupport {

  @Autowired BackupVault vault;

  @Test
  void a_backup_of_an_environment_with_rows_succeeds_sealed_so_the_store_holds_none_of_them()
      throws Exception {
    String organization = organization("bk-rows");
    String environment = activeEnvironment(organization);
    String canary = "canary-" + UUID.randomUUID();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      values.add(canary + "-" + String.format("%03d", i));
    }
    writeRows(environment, "secrets", values);

    EntityExchangeResult<byte[]> accepted =
        admin()
            .post()
            .uri("/v1/environments/" + environment + "/backups")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("label", "before the migration"))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody()
            .returnResult();
    JsonNode pending = JSON.readTree(accepted.getResponseBody());
    String backupId = pending.get("id").asString();
    assertThat(accepted.getResponseHeaders().getLocation()).hasToString("/v1/backups/" + backupId);
    assertThat(pending.get("status").asString()).isIn("pending", "running", "succeeded");
    assertThat(pending.get("origin").asString()).isEqualTo("manual");
    assertThat(pending.get("label").asString()).isEqualTo("before the migration");
    assertThat(pending.get("environment_id").asString()).isEqualTo(environment);
    assertThat(pending.get("organization_id").asString()).isEqualTo(organization);
    assertThat(pending.get("driver").asString()).isEqualTo("sqlite");

    JsonNode backup = awaitFinished(backupId);

    assertThat(backup.get("status").asString()).as(backup.toString()).isEqualTo("succeeded");
    assertThat(backup.get("size_bytes").asLong()).isPositive();
    assertThat(backup.get("plaintext_bytes").asLong()).isPositive();
    assertThat(backup.get("checksum").asString()).matches("[0-9a-f]{64}");
    assertThat(backup.get("completed_at").isNull()).isFalse();
    assertThat(backup.get("expires_at").isNull()).as("a manual backup is kept").isTrue();
    assertThat(backup.has("storage_key")).isFalse();
    assertThat(backup.has("encrypted_data_key")).isFalse();
    assertThat(backup.toString()).doesNotContain(organization + "/" + environment);
    JsonNode operation = get("/v1/operations/" + backup.get("operation_id").asString());
    assertThat(operation.get("kind").asString()).isEqualTo("backup");
    assertThat(operation.get("status").asString()).isEqualTo("succeeded");
    JsonNode state = get("/v1/environments/" + environment).get("backups");
    assertThat(state.get("last_backup_at").asString())
        .isEqualTo(backup.get("completed_at").asString());
    assertThat(state.get("backup_failures").asInt()).isZero();
    assertThat(state.get("last_backup_error").isNull()).isTrue();

    Map<String, Object> row = row(backupId);
    Path sealed = storeDirectory().resolve((String) row.get("storage_key"));
    byte[] bytes = Files.readAllBytes(sealed);
    assertThat(bytes.length).isEqualTo(backup.get("size_bytes").asLong());
    assertThat(contains(bytes, canary.getBytes(StandardCharsets.UTF_8)))
        .as("the sealed file holds the rows in the clear")
        .isFalse();
    assertThat(contains(bytes, "CREATE TABLE secrets".getBytes(StandardCharsets.UTF_8))).isFalse();

    Path plaintext = Files.createTempDirectory("unsealed-").resolve("snapshot.db");
    vault.unseal(
        new BackupVault.SealedRef(
            (String) row.get("storage_key"),
            (String) row.get("checksum"),
            (byte[]) row.get("encrypted_data_key"),
            (String) row.get("kms_key_id")),
        plaintext);
    assertThat(Files.size(plaintext)).isEqualTo(backup.get("plaintext_bytes").asLong());
    assertThat(contains(Files.readAllBytes(plaintext), canary.getBytes(StandardCharsets.UTF_8)))
        .as("the same search finds the rows in the unsealed snapshot")
        .isTrue();
    assertThat(rowsOf(plaintext, "secrets")).containsExactlyElementsOf(values);
    try (Stream<Path> leftovers = Files.list(snapshotDirectory())) {
      assertThat(leftovers.filter(p -> p.toString().endsWith(".snapshot")).toList())
          .as("plaintext snapshots left behind")
          .isEmpty();
    }
  }

  @Test
  void an_environment_lists_its_backups_newest_first_page_by_page() {
    String environment = activeEnvironment(organization("bk-list"));
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      taken.add(0, requestBackup(environment, Map.of("label", "b" + i)).get("id").asString());
    }

    List<String> listed =
        Pages.walk(
            this::get,
            "/v1/environments/" + environment + "/backups",
            2,
            item -> item.get("id").asString());

    assertThat(listed).containsExactlyElementsOf(taken);
    taken.forEach(this::awaitFinished);
  }

  @Test
  void a_backup_can_be_taken_without_a_body_and_an_idempotent_retry_takes_no_second_one() {
    String environment = activeEnvironment(organization("bk-idem"));
    String key = "backup-" + UUID.randomUUID();

    JsonNode first = postWithKey(environment, key);
    JsonNode replay = postWithKey(environment, key);

    assertThat(replay.get("id")).isEqualTo(first.get("id"));
    assertThat(first.get("label").isNull()).isTrue();
    assertThat(get("/v1/environments/" + environment + "/backups").get("items")).hasSize(1);
    awaitFinished(first.get("id").asString());
  }

  @Test
  void deleting_a_backup_removes_its_sealed_file_then_its_row() throws Exception {
    String environment = activeEnvironment(organization("bk-delete"));
    String backupId = backup(environment).get("id").asString();
    Path sealed = storeDirectory().resolve((String) row(backupId).get("storage_key"));
    assertThat(sealed).exists();

    admin().delete().uri("/v1/backups/" + backupId).exchange().expectStatus().isNoContent();

    assertThat(sealed).doesNotExist();
    assertThat(rows("SELECT id FROM backup WHERE id = ?", UUID.fromString(backupId))).isEmpty();
    assertThat(answer(admin().get().uri("/v1/backups/" + backupId))).isEqualTo("404 not_found");
    assertThat(answer(admin().delete().uri("/v1/backups/" + backupId))).isEqualTo("404 not_found");
    assertThat(
            rows(
                "SELECT actor FROM audit_event WHERE action = 'backup.deleted' AND resource_id = ?",
                UUID.fromString(backupId)))
        .hasSize(1);
  }

  @Test
  void a_backup_that_is_still_running_cannot_be_deleted() {
    String organization = organization("bk-running");
    String environment = activeEnvironment(organization);
    UUID running = UUID.randomUUID();
    update(
        "INSERT INTO backup (id, environment_id, organization_id, driver, origin, status,"
            + " created_by, created_at) VALUES (?, ?, ?, 'sqlite', 'manual', 'running', 'test', now())",
        running,
        UUID.fromString(environment),
        UUID.fromString(organization));

    assertThat(answer(admin().delete().uri("/v1/backups/" + running)))
        .isEqualTo("409 invalid_state");
    assertThat(get("/v1/backups/" + running).get("status").asString()).isEqualTo("running");
  }

  @Test
  void unknown_backups_and_those_of_another_organization_are_not_found_alike() {
    String organization = organization("bk-mine");
    String environment = activeEnvironment(organization);
    String backupId = backup(environment).get("id").asString();
    User outsider = user();
    organizationRole(outsider, organization("bk-theirs"), "org_admin");

    String unknown = UUID.randomUUID().toString();
    byte[] unknownBody = body(outsider.client().get().uri("/v1/backups/" + unknown), 404);
    byte[] hiddenBody = body(outsider.client().get().uri("/v1/backups/" + backupId), 404);

    assertThat(withoutInstance(hiddenBody)).isEqualTo(withoutInstance(unknownBody));
    assertThat(withoutInstance(hiddenBody).toString())
        .doesNotContain(backupId)
        .doesNotContain(environment)
        .doesNotContain(organization);
    assertThat(answer(outsider.client().delete().uri("/v1/backups/" + backupId)))
        .isEqualTo("404 not_found");
    assertThat(answer(outsider.client().get().uri("/v1/environments/" + environment + "/backups")))
        .isEqualTo("404 not_found");
    assertThat(
            answer(
                outsider
                    .client()
                    .post()
                    .uri("/v1/environments/" + environment + "/backups")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of())))
        .isEqualTo("404 not_found");
    assertThat(answer(admin().get().uri("/v1/backups/" + unknown))).isEqualTo("404 not_found");
    assertThat(answer(admin().get().uri("/v1/environments/" + unknown + "/backups")))
        .isEqualTo("404 not_found");
    assertThat(row(backupId).get("status")).isEqualTo("succeeded");
  }

  @Test
  void only_active_or_suspended_environments_are_backed_up() {
    String organization = organization("bk-state");
    String suspended = activeEnvironment(organization);
    post("/v1/environments/" + suspended + "/suspend", Map.of(), 200);
    String deleted = activeEnvironment(organization);
    admin().delete().uri("/v1/environments/" + deleted).exchange().expectStatus().isAccepted();
    // Deleted into its recovery window: its database is kept, but not backed up.
    awaitStatus(deleted, "deleted");

    JsonNode ofSuspended = backup(suspended);

    assertThat(ofSuspended.get("status").asString()).isEqualTo("succeeded");
    assertThat(
            answer(
                admin()
                    .post()
                    .uri("/v1/environments/" + deleted + "/backups")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of())))
        .isEqualTo("409 invalid_state");
    assertThat(get("/v1/environments/" + deleted + "/backups").get("items")).isEmpty();
  }

  @Test
  void taking_and_deleting_backups_needs_the_backup_permission_and_reading_them_only_read() {
    String organization = organization("bk-perm");
    String environment = activeEnvironment(organization);
    String backupId = backup(environment).get("id").asString();
    User viewer = user();
    environmentRole(viewer, organization, environment, "env_viewer");
    User maker = user();
    environmentRole(maker, organization, environment, "env_maker");
    User envAdmin = user();
    environmentRole(envAdmin, organization, environment, "env_admin");
    User member = user();
    organizationRole(member, organization, "org_member");
    User orgAdmin = user();
    organizationRole(orgAdmin, organization, "org_admin");

    for (User refused : List.of(viewer, maker, member)) {
      assertThat(answer(postBackup(refused, environment))).isEqualTo("403 forbidden");
      assertThat(answer(refused.client().delete().uri("/v1/backups/" + backupId)))
          .isEqualTo("403 forbidden");
      assertThat(answer(refused.client().get().uri("/v1/backups/" + backupId))).isEqualTo("200");
      assertThat(answer(refused.client().get().uri("/v1/environments/" + environment + "/backups")))
          .isEqualTo("200");
    }
    assertThat(answer(postBackup(envAdmin, environment))).isEqualTo("202");
    assertThat(answer(postBackup(orgAdmin, environment))).isEqualTo("202");
    assertThat(answer(envAdmin.client().delete().uri("/v1/backups/" + backupId))).isEqualTo("204");
    get("/v1/environments/" + environment + "/backups")
        .get("items")
        .forEach(item -> awaitFinished(item.get("id").asString()));
  }

  @Test
  void a_label_must_say_something_and_not_run_on() {
    String environment = activeEnvironment(organization("bk-label"));

    for (String label : List.of("", "   ", "x".repeat(201))) {
      assertThat(
              answer(
                  admin()
                      .post()
                      .uri("/v1/environments/" + environment + "/backups")
                      .contentType(MediaType.APPLICATION_JSON)
                      .bodyValue(Map.of("label", label))))
          .as("label '" + label + "'")
          .isEqualTo("400 validation_failed");
    }
    assertThat(get("/v1/environments/" + environment + "/backups").get("items")).isEmpty();
  }

  @Test
  void a_backup_that_fails_is_recorded_on_the_backup_and_the_environment_and_leaves_no_file()
      throws Exception {
    String organization = organization("bk-fail");
    String environment = activeEnvironment(organization);
    String database =
        get("/v1/environments/" + environment).get("database").get("database_name").asString();
    Files.delete(sqliteFile(database));

    JsonNode failed = awaitFinished(requestBackup(environment, Map.of()).get("id").asString());

    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(failed.get("error").asString()).contains("does not exist");
    assertThat(failed.get("checksum").isNull()).isTrue();
    assertThat(failed.get("size_bytes").isNull()).isTrue();
    JsonNode operation = get("/v1/operations/" + failed.get("operation_id").asString());
    assertThat(operation.get("status").asString()).isEqualTo("failed");
    JsonNode state = get("/v1/environments/" + environment).get("backups");
    assertThat(state.get("backup_failures").asInt()).isEqualTo(1);
    assertThat(state.get("last_backup_error").asString()).contains("does not exist");
    assertThat(state.get("last_backup_at").isNull()).isTrue();
    assertThat(row(failed.get("id").asString()).get("storage_key")).isNull();
    Path environmentObjects = storeDirectory().resolve(organization).resolve(environment);
    if (Files.exists(environmentObjects)) {
      try (Stream<Path> objects = Files.list(environmentObjects)) {
        assertThat(objects.toList()).as("objects left in the store").isEmpty();
      }
    }
  }

  private JsonNode postWithKey(String environment, String key) {
    return JSON.readTree(
        admin()
            .post()
            .uri("/v1/environments/" + environment + "/backups")
            .header("Idempotency-Key", key)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private static org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?>
      postBackup(User user, String environment) {
    return user.client()
        .post()
        .uri("/v1/environments/" + environment + "/backups")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of());
  }

  private static byte[] body(
      org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> request,
      int status) {
    return request
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectBody()
        .returnResult()
        .getResponseBody();
  }

  /** The problem without {@code instance}, the path the caller sent. */
  private static JsonNode withoutInstance(byte[] body) {
    tools.jackson.databind.node.ObjectNode problem =
        (tools.jackson.databind.node.ObjectNode) JSON.readTree(body);
    problem.remove("instance");
    return problem;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
