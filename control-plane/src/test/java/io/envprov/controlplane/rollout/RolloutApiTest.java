package io.envprov.controlplane.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.Pages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The rollout API over real HTTP: validation, who may run and see rollouts, the pause / resume /
 * abort state machine, pagination and idempotency. Nothing here depends on what an install does:
 * where a rollout must stay running, its first environment's row is held locked, so the rollout
 * cannot start it (the engine's claim waits for it) whatever the installer.
 */
class RolloutApiTest extends RolloutTestSupport {

  private static Map<String, Object> rollout(String name, Map<String, Object> selector) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("version", "1.0.0");
    body.put("selector", selector);
    return body;
  }

  private String organization() {
    return createOrganization(slug("rollouts")).get("id").asString();
  }

  @Test
  void a_selector_matching_no_environment_gives_a_rollout_that_has_succeeded_with_no_targets() {
    String organization = organization();
    String pkg = publishCreating("t_nothing");
    JsonNode rollout =
        createRollout(
            admin(),
            rollout(
                pkg, Map.of("organization_id", organization, "env_types", List.of("production"))),
            202);

    assertThat(rollout.get("status").asString()).isEqualTo("succeeded");
    assertThat(rollout.get("targets").asInt()).isZero();
    assertThat(rollout.get("waves").asInt()).isZero();
    assertThat(rollout.get("finished_at").isNull()).isFalse();
    assertThat(rollout.get("organization_id").asString()).isEqualTo(organization);
    assertThat(rollout.get("strategy").get("canary").asInt()).isEqualTo(1);
    assertThat(rollout.get("strategy").get("batch_size").asInt()).isEqualTo(10);
    assertThat(rollout.get("strategy").get("max_concurrency_per_server").asInt()).isEqualTo(4);
    assertThat(rollout.get("strategy").get("max_failures").asInt()).isZero();
    assertThat(rollout.get("selector").get("env_types").get(0).asString()).isEqualTo("production");
    assertThat(rollout.get("counts").get("pending").asInt()).isZero();
    assertThat(rollout.get("first_errors").size()).isZero();
    String id = rollout.get("id").asString();
    assertThat(get("/v1/rollouts/" + id).get("status").asString()).isEqualTo("succeeded");
    assertThat(audited(id)).containsExactly("rollout.created", "rollout.succeeded");
    assertThat(query("SELECT count(*) FROM scheduled_tasks WHERE task_instance = ?", id))
        .containsExactly("0");
  }

  @Test
  void requests_and_selectors_are_checked_before_anything_is_written() {
    String organization = organization();
    String pkg = publishCreating("t_checks");
    List<String> before = query("SELECT count(*) FROM rollout");

    // Malformed: 400 validation_failed, per field.
    assertField(
        createRollout(admin(), rollout("Not-A-Package", Map.of()), 400),
        "validation_failed",
        "name");
    Map<String, Object> noSelector = new LinkedHashMap<>(rollout(pkg, Map.of()));
    noSelector.remove("selector");
    assertField(createRollout(admin(), noSelector, 400), "validation_failed", "selector");
    Map<String, Object> badStrategy = rollout(pkg, Map.of("organization_id", organization));
    badStrategy.put("strategy", Map.of("batch_size", 0, "max_concurrency_per_server", 65));
    JsonNode problem = createRollout(admin(), badStrategy, 400);
    assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
    assertThat(fields(problem))
        .containsExactlyInAnyOrder("strategy.batch_size", "strategy.max_concurrency_per_server");

    // A version the catalog does not have.
    Map<String, Object> unknownVersion = rollout(pkg, Map.of("organization_id", organization));
    unknownVersion.put("version", "9.9.9");
    assertThat(createRollout(admin(), unknownVersion, 404).get("code").asString())
        .isEqualTo("package_not_found");

    // Selectors that name nothing sensible: 422 invalid_selector, naming the filter.
    assertField(
        createRollout(admin(), rollout(pkg, Map.of("env_types", List.of())), 422),
        "invalid_selector",
        "selector.env_types");
    assertField(
        createRollout(admin(), rollout(pkg, Map.of("env_types", List.of("galaxy"))), 422),
        "invalid_selector",
        "selector.env_types");
    assertField(
        createRollout(admin(), rollout(pkg, Map.of("drivers", List.of("oracle"))), 422),
        "invalid_selector",
        "selector.drivers");
    assertField(
        createRollout(admin(), rollout(pkg, Map.of("server_id", UUID.randomUUID())), 422),
        "invalid_selector",
        "selector.server_id");
    assertField(
        createRollout(admin(), rollout(pkg, Map.of("organization_id", UUID.randomUUID())), 422),
        "invalid_selector",
        "selector.organization_id");
    assertField(
        createRollout(admin(), rollout(pkg, Map.of("environment_ids", List.of())), 422),
        "invalid_selector",
        "selector.environment_ids");
    // An environment of another organization is not in the selected one.
    String elsewhere =
        createOrganization(slug("other")).get("default_environment").get("id").asString();
    assertField(
        createRollout(
            admin(),
            rollout(
                pkg,
                Map.of("organization_id", organization, "environment_ids", List.of(elsewhere))),
            422),
        "invalid_selector",
        "selector.environment_ids");

    assertThat(query("SELECT count(*) FROM rollout")).isEqualTo(before);
  }

  @Test
  void org_admins_run_rollouts_in_their_organization_and_platform_admins_anywhere() {
    String organization = organization();
    String other = organization();
    String pkg = publishCreating("t_perms");
    WebTestClient orgAdmin = user(organization, "org_admin");
    WebTestClient orgMember = user(organization, "org_member");
    WebTestClient outsider = user(other, "org_admin");
    Map<String, Object> nothing =
        Map.of("organization_id", organization, "env_types", List.of("production"));

    String mine = createRollout(orgAdmin, rollout(pkg, nothing), 202).get("id").asString();
    assertThat(createRollout(orgAdmin, rollout(pkg, Map.of()), 403).get("code").asString())
        .as("fleet-wide is for platform admins")
        .isEqualTo("forbidden");
    assertThat(
            createRollout(
                    orgAdmin,
                    rollout(pkg, Map.of("organization_id", other, "env_types", List.of("trial"))),
                    404)
                .get("code")
                .asString())
        .isEqualTo("not_found");
    assertThat(createRollout(orgMember, rollout(pkg, nothing), 403).get("code").asString())
        .isEqualTo("forbidden");
    assertThat(createRollout(outsider, rollout(pkg, nothing), 404).get("code").asString())
        .isEqualTo("not_found");
    String fleet =
        createRollout(admin(), rollout(pkg, Map.of("env_types", List.of("trial"))), 202)
            .get("id")
            .asString();
    assertThat(query("SELECT created_by FROM rollout WHERE id = ?", UUID.fromString(mine)).get(0))
        .startsWith("user:");

    // Reading follows who may run them.
    for (String path : List.of("/v1/rollouts/" + mine, "/v1/rollouts/" + mine + "/environments")) {
      call(orgAdmin, "get", path, 200);
      call(admin(), "get", path, 200);
      assertThat(call(orgMember, "get", path, 403).get("code").asString()).isEqualTo("forbidden");
      assertThat(call(outsider, "get", path, 404).get("code").asString()).isEqualTo("not_found");
    }
    call(orgAdmin, "get", "/v1/rollouts/" + fleet, 404);
    call(admin(), "get", "/v1/rollouts/" + fleet, 200);
    call(admin(), "get", "/v1/rollouts/" + UUID.randomUUID(), 404);

    // Steering follows it too: the allowed get past the check to the state (both rollouts are
    // finished: 409), the others are refused before it.
    for (String action : List.of("pause", "resume", "abort")) {
      String path = "/v1/rollouts/" + mine + "/" + action;
      assertThat(call(orgAdmin, "post", path, 409).get("code").asString())
          .isEqualTo("rollout_finished");
      assertThat(call(admin(), "post", path, 409).get("code").asString())
          .isEqualTo("rollout_finished");
      assertThat(call(orgMember, "post", path, 403).get("code").asString()).isEqualTo("forbidden");
      assertThat(call(outsider, "post", path, 404).get("code").asString()).isEqualTo("not_found");
      call(orgAdmin, "post", "/v1/rollouts/" + fleet + "/" + action, 404);
    }

    // Lists show each principal what it may read.
    assertThat(ids(call(orgAdmin, "get", "/v1/rollouts?limit=500", 200), "id"))
        .contains(mine)
        .doesNotContain(fleet);
    assertThat(ids(call(outsider, "get", "/v1/rollouts?limit=500", 200), "id"))
        .doesNotContain(mine, fleet);
    assertThat(ids(call(orgMember, "get", "/v1/rollouts?limit=500", 200), "id")).isEmpty();
    assertThat(ids(call(admin(), "get", "/v1/rollouts?limit=500", 200), "id"))
        .contains(mine, fleet);
    call(outsider, "get", "/v1/rollouts?organization_id=" + organization, 404);
    call(orgMember, "get", "/v1/rollouts?organization_id=" + organization, 403);
    assertThat(
            ids(call(orgAdmin, "get", "/v1/rollouts?organization_id=" + organization, 200), "id"))
        .containsExactly(mine);
  }

  @Test
  void a_running_rollout_pauses_resumes_and_aborts_and_a_finished_one_changes_no_more()
      throws Exception {
    String organization = organization();
    String environment =
        get("/v1/organizations/" + organization + "/environments")
            .get("items")
            .get(0)
            .get("id")
            .asString();
    awaitStatus(environment, "active");
    String pkg = publishCreating("t_states");

    try (Connection lock = STORE.connect()) {
      lock.setAutoCommit(false);
      // NO KEY UPDATE: the rollout's targets still reference the row (their foreign key takes a
      // KEY SHARE lock), but the engine's claim (a SHARE lock) waits.
      try (PreparedStatement row =
          lock.prepareStatement("SELECT id FROM environment WHERE id = ? FOR NO KEY UPDATE")) {
        row.setObject(1, UUID.fromString(environment));
        row.executeQuery().close();
      }
      JsonNode created =
          createRollout(admin(), rollout(pkg, Map.of("organization_id", organization)), 202);
      String id = created.get("id").asString();
      assertThat(created.get("status").asString()).isEqualTo("running");
      assertThat(created.get("targets").asInt()).isEqualTo(1);
      String base = "/v1/rollouts/" + id;

      JsonNode paused = call(admin(), "post", base + "/pause", 200);
      assertThat(paused.get("status").asString()).isEqualTo("paused");
      assertThat(paused.get("pause_reason").asString()).startsWith("paused by api-key:");
      assertThat(call(admin(), "post", base + "/pause", 409).get("code").asString())
          .isEqualTo("invalid_state");

      JsonNode resumed = call(admin(), "post", base + "/resume", 200);
      assertThat(resumed.get("status").asString()).isEqualTo("running");
      assertThat(resumed.get("pause_reason").isNull()).isTrue();
      assertThat(call(admin(), "post", base + "/resume", 409).get("code").asString())
          .isEqualTo("invalid_state");

      JsonNode aborted = call(admin(), "post", base + "/abort", 200);
      assertThat(aborted.get("status").asString()).isEqualTo("aborted");
      assertThat(aborted.get("finished_at").isNull()).isFalse();
      for (String action : List.of("pause", "resume", "abort")) {
        assertThat(call(admin(), "post", base + "/" + action, 409).get("code").asString())
            .isEqualTo("rollout_finished");
      }
      lock.rollback();

      // Released, the rollout's execution finds it aborted and stops: its environment was never
      // started, and stays pending.
      awaitNoExecution(id);
      JsonNode target = get(base + "/environments").get("items").get(0);
      assertThat(target.get("environment_id").asString()).isEqualTo(environment);
      assertThat(target.get("status").asString()).isEqualTo("pending");
      assertThat(target.get("attempts").asInt()).isZero();
      assertThat(get(base).get("counts").get("pending").asInt()).isEqualTo(1);
      assertThat(audited(id))
          .containsExactly(
              "rollout.created", "rollout.paused", "rollout.resumed", "rollout.aborted");
    }
  }

  @Test
  void rollouts_and_their_environments_are_listed_page_by_page() {
    String organization = organization();
    for (int i = 0; i < 4; i++) {
      createEnvironment(organization, slug("page"));
    }
    String pkg = publishCreating("t_pages");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(
          createRollout(
                  admin(),
                  rollout(
                      pkg,
                      Map.of("organization_id", organization, "env_types", List.of("production"))),
                  202)
              .get("id")
              .asString());
    }
    Map<String, Object> all = rollout(pkg, Map.of("organization_id", organization));
    all.put("strategy", Map.of("canary", 2, "batch_size", 2));
    JsonNode wide = createRollout(admin(), all, 202);
    created.add(wide.get("id").asString());
    assertThat(wide.get("targets").asInt()).isEqualTo(5);
    assertThat(wide.get("waves").asInt()).as("2 canaries, then 2 and 1").isEqualTo(3);

    List<String> newestFirst = new ArrayList<>(created);
    java.util.Collections.reverse(newestFirst);
    assertThat(
            Pages.walk(
                this::get,
                "/v1/rollouts?organization_id=" + organization,
                2,
                item -> item.get("id").asString()))
        .containsExactlyElementsOf(newestFirst);

    // The environments in rollout order: the organization's, oldest first (the default one first).
    List<String> environments =
        ids(get("/v1/organizations/" + organization + "/environments?limit=500"), "id");
    String base = "/v1/rollouts/" + wide.get("id").asString() + "/environments";
    assertThat(Pages.walk(this::get, base, 2, item -> item.get("environment_id").asString()))
        .containsExactlyElementsOf(environments);
    assertThat(Pages.walk(this::get, base, 2, item -> item.get("wave").asString()))
        .containsExactly("0", "0", "1", "1", "2");
    assertThat(Pages.walk(this::get, base, 3, item -> item.get("position").asString()))
        .containsExactly("0", "1", "2", "3", "4");

    JsonNode badStatus = send(admin().get().uri(base + "?status=broken"), 400);
    assertField(badStatus, "validation_failed", "status");
    JsonNode foreignCursor =
        send(
            admin()
                .get()
                .uri(base + "?cursor=" + get("/v1/rollouts?limit=1").get("next_cursor").asString()),
            400);
    assertField(foreignCursor, "validation_failed", "cursor");
    assertThat(get(base + "?status=skipped_drift").get("items").size()).isZero();
  }

  @Test
  void an_idempotency_key_replays_the_first_rollout() {
    String organization = organization();
    String pkg = publishCreating("t_idem");
    Map<String, Object> body =
        rollout(pkg, Map.of("organization_id", organization, "env_types", List.of("trial")));
    String key = "rollout-" + UUID.randomUUID();
    JsonNode first =
        send(
            admin()
                .post()
                .uri("/v1/rollouts")
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body),
            202);
    admin()
        .post()
        .uri("/v1/rollouts")
        .header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .valueEquals("Idempotent-Replayed", "true")
        .expectHeader()
        .valueEquals("Location", "/v1/rollouts/" + first.get("id").asString())
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo(first.get("id").asString());
    assertThat(ids(get("/v1/rollouts?organization_id=" + organization), "id"))
        .containsExactly(first.get("id").asString());
  }

  private static void assertField(JsonNode problem, String code, String field) {
    assertThat(problem.get("code").asString()).isEqualTo(code);
    assertThat(fields(problem)).contains(field);
  }

  private static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    JsonNode errors = problem.get("errors");
    if (errors != null) {
      errors.forEach(error -> fields.add(error.get("field").asString()));
    }
    return fields;
  }
}
