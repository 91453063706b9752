package io.envprov.controlplane.restore;

import static io.envprov.controlplane.restore.RestoreApi.column;
import static io.envprov.controlplane.restore.RestoreApi.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.backup.BackupTempFiles;
import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.store.Tables.AuditEvent;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.support.ApiTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Restores of SQLite environments through the API: as a new environment, in place (the rows written
 * since the backup go, those of the backup come back, the credentials stay), a corrupted backup
 * refused by its checksum, the refusals, and the connection broker while an environment is
 * restoring.
 */
class RestoreApiTest extends ApiTestSupport {

  @Autowired ApplicationContext context;
  @Autowired DSLContext dsl;

  private RestoreApi api;
  private BackupFixture backups;
  private String organizationId;

  @BeforeEach
  void organization() {
    api = new RestoreApi(admin());
    backups = new BackupFixture(context::getBean);
    organizationId = createOrganization(slug("restore")).get("id").asString();
  }

  /** An active sandbox environment whose table {@code notes} holds the texts given. */
  private String environmentWith(String... texts) throws Exception {
    String id = createEnvironment(organizationId, slug("env")).get("id").asString();
    awaitStatus(id, "active");
    JsonNode credential = api.credential(id, "readwrite");
    execute(credential, "CREATE TABLE notes (text text NOT NULL)");
    for (String text : texts) {
      execute(credential, "INSERT INTO notes (text) VALUES ('" + text + "')");
    }
    return id;
  }

  private static Map<String, Object> asNew(String slug) {
    return Map.of("target", "new", "slug", slug, "name", "Restored", "env_type", "development");
  }

  @Test
  void a_backup_restored_as_a_new_environment_has_its_rows_readable_through_its_own_credential()
      throws Exception {
    String original = environmentWith("first", "second");
    String backup = api.backup(original);
    execute(api.credential(original, "readwrite"), "DELETE FROM notes");

    JsonNode accepted = api.restore(backup, asNew(slug("restored")));

    assertThat(accepted.get("status").asString()).isEqualTo("provisioning");
    assertThat(accepted.get("organization_id").asString()).isEqualTo(organizationId);
    assertThat(accepted.get("source").get("backup_id").asString()).isEqualTo(backup);
    JsonNode operation = api.awaitOperation(accepted);
    assertThat(operation.get("kind").asString()).isEqualTo("restore");
    assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("succeeded");
    String restored = accepted.get("id").asString();
    JsonNode active = awaitStatus(restored, "active");
    assertThat(active.get("database").get("database_name").asString())
        .isNotEqualTo(get("/v1/environments/" + original).get("database").get("database_name"));
    assertThat(active.get("database").get("driver").asString()).isEqualTo("sqlite");
    assertThat(column(api.credential(restored, "readwrite"), "SELECT text FROM notes ORDER BY 1"))
        .containsExactly("first", "second");
    assertThat(column(api.credential(original, "readwrite"), "SELECT text FROM notes")).isEmpty();
    assertThat(Files.list(snapshots()).toList()).as("no plaintext snapshot is kept").isEmpty();
  }

  @Test
  void an_in_place_restore_brings_back_the_rows_of_the_backup_and_a_credential_issued_before_works()
      throws Exception {
    String id = environmentWith("before");
    JsonNode issuedBefore = api.credential(id, "readwrite");
    String backup = api.backup(id);
    execute(
        issuedBefore,
        "INSERT INTO notes (text) VALUES ('after')",
        "DELETE FROM notes WHERE text = 'before'");

    JsonNode accepted = api.restore(backup, Map.of("target", "in_place"));

    assertThat(accepted.get("id").asString()).isEqualTo(id);
    assertThat(accepted.get("status").asString()).isEqualTo("restoring");
    JsonNode operation = api.awaitOperation(accepted);
    assertThat(operation.get("kind").asString()).isEqualTo("restore_in_place");
    assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("succeeded");
    assertThat(get("/v1/environments/" + id).get("status").asString()).isEqualTo("active");
    assertThat(column(issuedBefore, "SELECT text FROM notes")).containsExactly("before");
    assertThat(Files.list(snapshots()).toList()).isEmpty();
    assertThat(auditActions(id))
        .containsSubsequence("environment.restore_started", "environment.restore_succeeded");
  }

  @Test
  void of_two_restores_of_one_environment_at_once_one_is_accepted_and_the_other_refused()
      throws Exception {
    String id = environmentWith("x");
    String backup = api.backup(id);
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        answers.add(
            clients.submit(
                () ->
                    admin()
                        .post()
                        .uri("/v1/backups/" + backup + "/restore")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("target", "in_place"))
                        .exchange()
                        .expectBody()
                        .returnResult()
                        .getStatus()
                        .value()));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get(60, TimeUnit.SECONDS));
      }
      assertThat(statuses).containsExactlyInAnyOrder(202, 409);
    } finally {
      clients.shutdownNow();
    }
    awaitStatus(id, "active");
    assertThat(auditActions(id)).containsOnlyOnce("environment.restore_started");
  }

  @Test
  void a_suspended_environment_restored_in_place_is_suspended_again_afterwards() throws Exception {
    String id = environmentWith("kept");
    UUID backup = backups.take(id);
    post("/v1/environments/" + id + "/suspend", Map.of(), 200);

    JsonNode accepted = api.restore(backup, Map.of("target", "in_place"));

    assertThat(accepted.get("status").asString()).isEqualTo("restoring");
    assertThat(api.awaitOperation(accepted).get("status").asString()).isEqualTo("succeeded");
    assertThat(get("/v1/environments/" + id).get("status").asString()).isEqualTo("suspended");
  }

  @Test
  void a_corrupted_backup_fails_by_its_checksum_and_leaves_the_rows_and_the_status_as_they_were()
      throws Exception {
    String id = environmentWith("original");
    UUID backup = backups.take(id);
    execute(api.credential(id, "readwrite"), "INSERT INTO notes (text) VALUES ('newer')");
    Path sealed = backups.sealedFile(backup);
    byte[] bytes = Files.readAllBytes(sealed);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(sealed, bytes);

    JsonNode accepted = api.restore(backup, Map.of("target", "in_place"));

    JsonNode operation = api.awaitOperation(accepted);
    assertThat(operation.get("status").asString()).isEqualTo("failed");
    assertThat(operation.get("error").asString()).contains("checksum").contains(backup.toString());
    JsonNode environment = get("/v1/environments/" + id);
    assertThat(environment.get("status").asString()).isEqualTo("active");
    assertThat(environment.has("error")).isFalse();
    assertThat(column(api.credential(id, "readwrite"), "SELECT text FROM notes ORDER BY 1"))
        .containsExactly("newer", "original");
    assertThat(Files.list(snapshots()).toList()).isEmpty();
    assertThat(auditActions(id)).contains("environment.restore_failed");
  }

  @Test
  void a_corrupted_backup_restored_as_new_fails_the_new_environment_and_leaves_no_database()
      throws Exception {
    String id = environmentWith("original");
    UUID backup = backups.take(id);
    Path sealed = backups.sealedFile(backup);
    byte[] bytes = Files.readAllBytes(sealed);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(sealed, bytes);

    JsonNode accepted = api.restore(backup, asNew(slug("broken")));

    JsonNode operation = api.awaitOperation(accepted);
    assertThat(operation.get("status").asString()).isEqualTo("failed");
    assertThat(operation.get("error").asString()).contains("checksum");
    JsonNode failed = awaitStatus(accepted.get("id").asString(), "failed");
    assertThat(failed.get("error").asString()).contains("checksum");
    assertThat(sqliteFile(failed.get("database").get("database_name").asString())).doesNotExist();
  }

  @Test
  void a_backup_that_has_not_succeeded_is_not_ready_to_restore() throws Exception {
    String id = environmentWith();
    for (BackupStatus status :
        List.of(BackupStatus.PENDING, BackupStatus.RUNNING, BackupStatus.FAILED)) {
      UUID backup = backups.row(id, "sqlite", status);

      problem(
          "/v1/backups/" + backup + "/restore",
          Map.of("target", "in_place"),
          409,
          "backup_not_ready");
      problem("/v1/backups/" + backup + "/restore", asNew(slug("early")), 409, "backup_not_ready");
    }
    assertThat(get("/v1/environments/" + id).get("status").asString()).isEqualTo("active");
  }

  @Test
  void a_backup_restores_into_its_own_driver_only() throws Exception {
    String id = environmentWith("x");
    UUID backup = backups.take(id);
    Map<String, Object> otherDriver = new HashMap<>(asNew(slug("pg")));
    otherDriver.put("driver", "postgres");

    problem("/v1/backups/" + backup + "/restore", otherDriver, 409, "driver_mismatch");

    UUID foreign = backups.foreign(id, "libsql");
    problem(
        "/v1/backups/" + foreign + "/restore",
        Map.of("target", "in_place"),
        409,
        "driver_mismatch");
    assertThat(get("/v1/environments/" + id).get("status").asString()).isEqualTo("active");
    Map<String, Object> sameDriver = new HashMap<>(asNew(slug("same")));
    sameDriver.put("driver", "sqlite");
    assertThat(api.awaitOperation(api.restore(backup, sameDriver)).get("status").asString())
        .isEqualTo("succeeded");
  }

  @Test
  void an_environment_that_is_not_active_or_suspended_is_not_restored_in_place() throws Exception {
    String id = environmentWith("x");
    UUID backup = backups.take(id);
    setStatus(id, EnvironmentStatus.RESTORING);
    problem(
        "/v1/backups/" + backup + "/restore", Map.of("target", "in_place"), 409, "invalid_state");
    setStatus(id, EnvironmentStatus.ACTIVE);

    // Deleted: deprovisioning (or kept deleted in the recovery window), restorable no more.
    admin().delete().uri("/v1/environments/" + id).exchange().expectStatus().isAccepted();

    problem(
        "/v1/backups/" + backup + "/restore", Map.of("target", "in_place"), 409, "invalid_state");
    // The backup outlives its environment: it still restores as a new one.
    JsonNode restored = api.restore(backup, asNew(slug("revived")));
    assertThat(api.awaitOperation(restored).get("status").asString()).isEqualTo("succeeded");
    assertThat(
            column(
                api.credential(restored.get("id").asString(), "readonly"),
                "SELECT text FROM notes"))
        .containsExactly("x");
  }

  @Test
  void a_restore_as_new_follows_the_rules_of_a_new_environment() throws Exception {
    String id = environmentWith();
    UUID backup = backups.take(id);
    String taken = get("/v1/environments/" + id).get("slug").asString();

    problem("/v1/backups/" + backup + "/restore", asNew(taken), 409, "slug_taken");
    problem(
        "/v1/backups/" + backup + "/restore",
        Map.of("target", "new", "slug", slug("x"), "name", "X", "env_type", "default"),
        400,
        "validation_failed");
    problem(
        "/v1/backups/" + backup + "/restore", Map.of("target", "new"), 400, "validation_failed");
    problem(
        "/v1/backups/" + backup + "/restore",
        Map.of("target", "elsewhere"),
        400,
        "validation_failed");
    problem(
        "/v1/backups/" + backup + "/restore",
        Map.of("target", "in_place", "slug", slug("x")),
        400,
        "validation_failed");
    problem("/v1/backups/" + UUID.randomUUID() + "/restore", asNew(slug("x")), 404, "not_found");
  }

  @Test
  void a_repeated_restore_with_the_same_idempotency_key_starts_one_operation() throws Exception {
    String id = environmentWith("once");
    UUID backup = backups.take(id);
    String key = UUID.randomUUID().toString();

    JsonNode first = restoreWithKey(backup, key);
    JsonNode second = restoreWithKey(backup, key);

    assertThat(second.get("operation").get("id")).isEqualTo(first.get("operation").get("id"));
    assertThat(api.awaitOperation(first).get("status").asString()).isEqualTo("succeeded");
  }

  @Test
  void while_restoring_the_broker_asks_data_planes_to_wait_and_sessions_are_still_admitted()
      throws Exception {
    String id = environmentWith("x");
    String serviceKey =
        post(
                "/v1/service-accounts",
                Map.of(
                    "name", "restore data plane",
                    "role", "data_plane",
                    "organization_ids", List.of(organizationId)),
                201)
            .get("key")
            .asString();
    WebTestClient dataPlane =
        anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + serviceKey).build();
    JsonNode before = body(connection(dataPlane, id, 200));
    setStatus(id, EnvironmentStatus.RESTORING);

    byte[] refused =
        connection(dataPlane, id, 503)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .exists(HttpHeaders.RETRY_AFTER)
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(JSON.readTree(refused).get("code").asString()).isEqualTo("environment_restoring");
    String user =
        post("/v1/users", Map.of("email", slug("u") + "@example.com", "name", "U"), 201)
            .get("id")
            .asString();
    put("/v1/organizations/" + organizationId + "/members/" + user, "org_member");
    put("/v1/environments/" + id + "/members/" + user, "env_user");
    String userKey = post("/v1/users/" + user + "/api-keys", Map.of(), 201).get("key").asString();
    anonymous
        .mutate()
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + userKey)
        .build()
        .post()
        .uri("/v1/sessions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("active_environment_id", id))
        .exchange()
        .expectStatus()
        .isCreated();

    setStatus(id, EnvironmentStatus.ACTIVE);
    JsonNode after = body(connection(dataPlane, id, 200));
    assertThat(after.get("credential_id")).isEqualTo(before.get("credential_id"));
  }

  private WebTestClient.ResponseSpec connection(WebTestClient client, String id, int status) {
    return client
        .get()
        .uri("/v1/environments/" + id + "/connection?scope=readwrite")
        .exchange()
        .expectStatus()
        .isEqualTo(status);
  }

  private static JsonNode body(WebTestClient.ResponseSpec response) {
    return JSON.readTree(response.expectBody().returnResult().getResponseBody());
  }

  private JsonNode restoreWithKey(UUID backup, String key) {
    return JSON.readTree(
        admin()
            .post()
            .uri("/v1/backups/" + backup + "/restore")
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("target", "in_place"))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private void put(String path, String role) {
    admin()
        .put()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("role", role))
        .exchange()
        .expectStatus()
        .isOk();
  }

  private void problem(String path, Object body, int status, String code) {
    JsonNode problem = post(path, body, status);
    assertThat(problem.get("code").asString()).as(problem.toString()).isEqualTo(code);
  }

  /** Puts the environment in a status by hand, as a long operation would hold it. */
  private void setStatus(String id, EnvironmentStatus status) {
    dsl.update(Environment.TABLE)
        .set(Environment.STATUS, status.sqlValue())
        .where(Environment.ID.eq(UUID.fromString(id)))
        .execute();
  }

  /** The audit actions about the environment, oldest first. */
  private List<String> auditActions(String environmentId) {
    return dsl.select(AuditEvent.ACTION)
        .from(AuditEvent.TABLE)
        .where(AuditEvent.RESOURCE_ID.eq(UUID.fromString(environmentId)))
        .orderBy(AuditEvent.OCCURRED_AT)
        .fetch(AuditEvent.ACTION);
  }

  private Path snapshots() throws Exception {
    Path directory = context.getBean(BackupTempFiles.class).directory();
    Files.createDirectories(directory);
    return directory;
  }
}
