package io.envprov.controlplane.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Scheduled backups and retention, by the schedule's own pass (called here rather than waited for;
 * the recurring task may run the same pass meanwhile, which changes nothing the assertions look
 * at): due environments get a scheduled backup, one at a time, failures back off and show on the
 * environment, expired backups are pruned but for an environment's last good one.
 */
class BackupScheduleTest extends BackupTestSupport {

  private static final Duration SANDBOX_EVERY = Duration.ofDays(7);
  private static final Duration SANDBOX_KEEP = Duration.ofDays(7);

  @Autowired BackupSchedule schedule;
  @Autowired MeterRegistry meters;

  @Test
  void a_due_environment_gets_a_scheduled_backup_and_its_next_one_is_set_from_its_type() {
    String environment = activeEnvironment(organization("sch-due"));
    double before = counter("succeeded", "scheduled");

    schedule.run();
    JsonNode started = backupsState(environment);
    assertThat(started.get("next_backup_at").isNull()).as("the schedule started").isFalse();
    assertThat(OffsetDateTime.parse(started.get("next_backup_at").asString()))
        .isAfter(OffsetDateTime.now().plus(SANDBOX_EVERY).minusHours(1));
    makeDue(environment);
    schedule.run();
    JsonNode backup = awaitScheduledBackup(environment);

    assertThat(backup.get("status").asString()).as(backup.toString()).isEqualTo("succeeded");
    assertThat(backup.get("created_by").asString()).isEqualTo(BackupSchedule.ACTOR);
    assertThat(backup.get("label").isNull()).isTrue();
    OffsetDateTime completed = OffsetDateTime.parse(backup.get("completed_at").asString());
    assertThat(OffsetDateTime.parse(backup.get("expires_at").asString()))
        .isEqualTo(completed.plus(SANDBOX_KEEP));
    JsonNode state = backupsState(environment);
    assertThat(OffsetDateTime.parse(state.get("next_backup_at").asString()))
        .isEqualTo(completed.plus(SANDBOX_EVERY));
    assertThat(state.get("last_backup_at").asString())
        .isEqualTo(backup.get("completed_at").asString());
    assertThat(state.get("backup_failures").asInt()).isZero();
    assertThat(counter("succeeded", "scheduled")).isGreaterThan(before);
    assertThat(meters.find("envprov.backups.sealed").tag("driver", "sqlite").summary()).isNotNull();
  }

  @Test
  void an_environment_with_a_backup_under_way_gets_no_second_one() {
    String organization = organization("sch-once");
    String environment = activeEnvironment(organization);
    UUID running = UUID.randomUUID();
    update(
        "INSERT INTO backup (id, environment_id, organization_id, driver, origin, status,"
            + " created_by, created_at) VALUES (?, ?, ?, 'sqlite', 'manual', 'running', 'test',"
            + " now())",
        running,
        UUID.fromString(environment),
        UUID.fromString(organization));
    schedule.run();
    makeDue(environment);

    schedule.run();
    schedule.run();

    assertThat(backupsOf(environment))
        .extracting(b -> b.get("id").asString())
        .containsExactly(running.toString());
    update("UPDATE backup SET status = 'failed', error = 'test' WHERE id = ?", running);
    schedule.run();
    assertThat(awaitScheduledBackup(environment).get("status").asString()).isEqualTo("succeeded");
  }

  @Test
  void a_failing_scheduled_backup_backs_off_shows_on_the_environment_and_a_success_clears_it()
      throws Exception {
    String organization = organization("sch-fail");
    String environment = activeEnvironment(organization);
    Path file = sqliteFile(databaseName(environment));
    Path kept = Files.createTempFile("kept-", ".db");
    Files.copy(file, kept, StandardCopyOption.REPLACE_EXISTING);
    Files.delete(file);
    schedule.run();

    List<OffsetDateTime> backoffs = new ArrayList<>();
    for (int failure = 1; failure <= 2; failure++) {
      makeDue(environment);
      schedule.run();
      JsonNode failed = awaitScheduledBackups(environment, failure).get(0);
      assertThat(failed.get("status").asString()).isEqualTo("failed");
      OffsetDateTime completed = OffsetDateTime.parse(failed.get("completed_at").asString());
      JsonNode state = backupsState(environment);
      assertThat(state.get("backup_failures").asInt()).isEqualTo(failure);
      assertThat(state.get("last_backup_error").asString()).contains("does not exist");
      backoffs.add(completed);
      // 5 minutes after the first failure, doubled after the second.
      assertThat(OffsetDateTime.parse(state.get("next_backup_at").asString()))
          .isEqualTo(completed.plus(Duration.ofMinutes(5L * failure)));
      assertThat(OffsetDateTime.parse(failed.get("expires_at").asString()))
          .isEqualTo(completed.plus(SANDBOX_KEEP));
    }
    Path objects = storeDirectory().resolve(organization).resolve(environment);
    if (Files.exists(objects)) {
      try (Stream<Path> left = Files.list(objects)) {
        assertThat(left.toList()).as("objects of failed backups").isEmpty();
      }
    }

    Files.copy(kept, file);
    makeDue(environment);
    schedule.run();
    JsonNode succeeded = awaitScheduledBackups(environment, 3).get(0);

    assertThat(succeeded.get("status").asString()).isEqualTo("succeeded");
    JsonNode state = backupsState(environment);
    assertThat(state.get("backup_failures").asInt()).isZero();
    assertThat(state.get("last_backup_error").isNull()).isTrue();
    assertThat(OffsetDateTime.parse(state.get("next_backup_at").asString()))
        .isEqualTo(
            OffsetDateTime.parse(succeeded.get("completed_at").asString()).plus(SANDBOX_EVERY));
  }

  @Test
  void expired_backups_are_pruned_from_the_store_but_an_environments_last_good_one_is_kept() {
    String environment = activeEnvironment(organization("sch-prune"));
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      taken.add(backup(environment).get("id").asString());
    }
    List<Path> files =
        taken.stream()
            .map(id -> storeDirectory().resolve((String) row(id).get("storage_key")))
            .toList();
    UUID failed = UUID.randomUUID();
    update(
        "INSERT INTO backup (id, environment_id, organization_id, driver, origin, status, error,"
            + " created_by, created_at, completed_at)"
            + " SELECT ?, id, organization_id, 'sqlite', 'scheduled', 'failed', 'test', 'test',"
            + " now(), now() FROM environment WHERE id = ?",
        failed,
        UUID.fromString(environment));
    update(
        "UPDATE backup SET expires_at = now() - interval '1 minute' WHERE environment_id = ?",
        UUID.fromString(environment));
    double before = meters.counter("envprov.backups.pruned").count();

    schedule.run();

    assertThat(backupsOf(environment))
        .extracting(b -> b.get("id").asString())
        .containsExactly(taken.get(2));
    assertThat(files.get(0)).doesNotExist();
    assertThat(files.get(1)).doesNotExist();
    assertThat(files.get(2)).exists();
    assertThat(meters.counter("envprov.backups.pruned").count()).isGreaterThanOrEqualTo(before + 3);
    assertThat(
            rows(
                "SELECT resource_id FROM audit_event WHERE action = 'backup.pruned'"
                    + " AND details->>'environment_id' = ?",
                environment))
        .hasSize(3);
  }

  @Test
  void backups_that_have_not_expired_stay() {
    String environment = activeEnvironment(organization("sch-stay"));
    String older = backup(environment).get("id").asString();
    backup(environment);
    update(
        "UPDATE backup SET expires_at = now() + interval '1 day' WHERE id = ?",
        UUID.fromString(older));

    schedule.run();

    assertThat(backupsOf(environment)).hasSize(2);
  }

  @Test
  void trial_environments_have_no_schedule() {
    String organization = organization("sch-trial");
    String environment =
        post(
                "/v1/organizations/" + organization + "/environments",
                Map.of("slug", slug("trial"), "name", "Trial", "env_type", "trial"),
                202)
            .get("id")
            .asString();
    awaitStatus(environment, "active");

    schedule.run();

    assertThat(backupsState(environment).get("next_backup_at").isNull()).isTrue();
  }

  private void makeDue(String environment) {
    update(
        "UPDATE environment SET next_backup_at = now() - interval '1 minute' WHERE id = ?",
        UUID.fromString(environment));
  }

  private String databaseName(String environment) {
    return get("/v1/environments/" + environment).get("database").get("database_name").asString();
  }

  private JsonNode backupsState(String environment) {
    return get("/v1/environments/" + environment).get("backups");
  }

  private List<JsonNode> backupsOf(String environment) {
    List<JsonNode> items = new ArrayList<>();
    get("/v1/environments/" + environment + "/backups").get("items").forEach(items::add);
    return items;
  }

  /** The environment's one scheduled backup, once it has finished. */
  private JsonNode awaitScheduledBackup(String environment) {
    return awaitScheduledBackups(environment, 1).get(0);
  }

  /** The environment's scheduled backups, newest first, once there are {@code count}, finished. */
  private List<JsonNode> awaitScheduledBackups(String environment, int count) {
    List<JsonNode> scheduled = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              scheduled.clear();
              backupsOf(environment).stream()
                  .filter(b -> b.get("origin").asString().equals("scheduled"))
                  .forEach(scheduled::add);
              assertThat(scheduled).hasSize(count);
              assertThat(scheduled.get(0).get("status").asString()).isIn("succeeded", "failed");
            });
    return scheduled;
  }

  private double counter(String outcome, String origin) {
    var counter =
        meters
            .find("envprov.backups")
            .tag("outcome", outcome)
            .tag("origin", origin)
            .tag("driver", "sqlite")
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
