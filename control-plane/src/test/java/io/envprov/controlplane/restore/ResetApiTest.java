package io.envprov.controlplane.restore;

import static io.envprov.controlplane.restore.RestoreApi.column;
import static io.envprov.controlplane.restore.RestoreApi.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.store.Tables.AuditEvent;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.support.ApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Resets of SQLite copies: a copy remembers its source and mode, a reset brings it back to a fresh
 * copy of the source (everything, or the schema only) and keeps its id, members and credentials; an
 * environment restored from a backup resets to the backup; the refusals.
 */
class ResetApiTest extends ApiTestSupport {

  @Autowired ApplicationContext context;
  @Autowired DSLContext dsl;

  private RestoreApi api;
  private String organizationId;

  @BeforeEach
  void organization() {
    api = new RestoreApi(admin());
    organizationId = createOrganization(slug("reset")).get("id").asString();
  }

  private String source(String... texts) throws Exception {
    String id = createEnvironment(organizationId, slug("source")).get("id").asString();
    awaitStatus(id, "active");
    JsonNode credential = api.credential(id, "readwrite");
    execute(credential, "CREATE TABLE notes (text text NOT NULL)");
    for (String text : texts) {
      execute(credential, "INSERT INTO notes (text) VALUES ('" + text + "')");
    }
    return id;
  }

  private String copy(String sourceId, String mode) {
    JsonNode copy =
        post(
            "/v1/environments/" + sourceId + "/copy",
            Map.of("slug", slug("copy"), "name", "Copy", "env_type", "development", "mode", mode),
            202);
    assertThat(copy.get("source").get("environment_id").asString()).isEqualTo(sourceId);
    assertThat(copy.get("source").get("mode").asString()).isEqualTo(mode);
    String id = copy.get("id").asString();
    awaitStatus(id, "active");
    return id;
  }

  @Test
  void a_copy_shows_its_source_and_an_environment_made_from_scratch_has_none() throws Exception {
    String source = source();

    String copy = copy(source, "everything");

    JsonNode shown = get("/v1/environments/" + copy);
    assertThat(shown.get("source").get("environment_id").asString()).isEqualTo(source);
    assertThat(shown.get("source").get("mode").asString()).isEqualTo("everything");
    assertThat(shown.get("source").has("backup_id")).isFalse();
    assertThat(get("/v1/environments/" + source).has("source")).isFalse();
  }

  @Test
  void a_reset_copies_the_source_afresh_and_keeps_the_id_members_and_credentials()
      throws Exception {
    String source = source("one", "two");
    String copy = copy(source, "everything");
    JsonNode copyCredential = api.credential(copy, "readwrite");
    execute(copyCredential, "DELETE FROM notes", "INSERT INTO notes (text) VALUES ('scribble')");
    execute(api.credential(source, "readwrite"), "INSERT INTO notes (text) VALUES ('three')");
    String user =
        post("/v1/users", Map.of("email", slug("m") + "@example.com", "name", "M"), 201)
            .get("id")
            .asString();
    put("/v1/organizations/" + organizationId + "/members/" + user, "org_member");
    put("/v1/environments/" + copy + "/members/" + user, "env_user");
    JsonNode before = get("/v1/environments/" + copy);

    JsonNode accepted = api.reset(copy);

    assertThat(accepted.get("id").asString()).isEqualTo(copy);
    assertThat(accepted.get("status").asString()).isEqualTo("restoring");
    JsonNode operation = api.awaitOperation(accepted);
    assertThat(operation.get("kind").asString()).isEqualTo("reset");
    assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("succeeded");
    JsonNode after = get("/v1/environments/" + copy);
    assertThat(after.get("status").asString()).isEqualTo("active");
    assertThat(after.get("database").get("database_name"))
        .isEqualTo(before.get("database").get("database_name"));
    assertThat(column(copyCredential, "SELECT text FROM notes ORDER BY 1"))
        .containsExactly("one", "three", "two");
    assertThat(get("/v1/environments/" + copy + "/members").toString()).contains(user);
    assertThat(column(api.credential(source, "readonly"), "SELECT count(*) FROM notes"))
        .containsExactly("3");
    assertThat(
            dsl.select(AuditEvent.ACTION)
                .from(AuditEvent.TABLE)
                .where(AuditEvent.RESOURCE_ID.eq(UUID.fromString(copy)))
                .orderBy(AuditEvent.OCCURRED_AT)
                .fetch(AuditEvent.ACTION))
        .containsSubsequence("environment.reset_started", "environment.reset_succeeded");
  }

  @Test
  void a_schema_only_copy_resets_to_the_sources_schema_without_its_rows() throws Exception {
    String source = source("private");
    String copy = copy(source, "schema_only");
    JsonNode copyCredential = api.credential(copy, "readwrite");
    assertThat(column(copyCredential, "SELECT text FROM notes")).isEmpty();
    execute(copyCredential, "INSERT INTO notes (text) VALUES ('test data')");
    execute(
        api.credential(source, "readwrite"),
        "CREATE TABLE tags (name text)",
        "INSERT INTO tags (name) VALUES ('secret')");

    JsonNode operation = api.awaitOperation(api.reset(copy));

    assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("succeeded");
    assertThat(column(copyCredential, "SELECT text FROM notes")).isEmpty();
    assertThat(column(copyCredential, "SELECT name FROM tags")).isEmpty();
    assertThat(get("/v1/environments/" + copy).get("status").asString()).isEqualTo("active");
  }

  @Test
  void an_environment_restored_from_a_backup_resets_to_the_backup() throws Exception {
    String original = source("backed up");
    UUID backup = new BackupFixture(context::getBean).take(original);
    JsonNode restored =
        api.restore(
            backup, Map.of("target", "new", "slug", slug("r"), "name", "R", "env_type", "sandbox"));
    String id = restored.get("id").asString();
    awaitStatus(id, "active");
    JsonNode credential = api.credential(id, "readwrite");
    execute(credential, "INSERT INTO notes (text) VALUES ('later')");

    JsonNode operation = api.awaitOperation(api.reset(id));

    assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("succeeded");
    assertThat(column(credential, "SELECT text FROM notes")).containsExactly("backed up");
  }

  @Test
  void an_environment_without_a_source_has_nothing_to_reset_to() {
    String id = createEnvironment(organizationId, slug("plain")).get("id").asString();
    awaitStatus(id, "active");

    problem("/v1/environments/" + id + "/reset", 409, "no_source");
    problem("/v1/environments/" + UUID.randomUUID() + "/reset", 404, "not_found");
  }

  @Test
  void a_reset_needs_a_restorable_copy_and_a_source_that_is_still_there() throws Exception {
    String source = source("x");
    String copy = copy(source, "everything");
    setStatus(copy, EnvironmentStatus.RESTORING);
    problem("/v1/environments/" + copy + "/reset", 409, "invalid_state");
    setStatus(copy, EnvironmentStatus.ACTIVE);

    admin().delete().uri("/v1/environments/" + source).exchange().expectStatus().isAccepted();

    problem("/v1/environments/" + copy + "/reset", 409, "invalid_state");
    JsonNode copyView = get("/v1/environments/" + copy);
    assertThat(copyView.get("status").asString()).isEqualTo("active");
    assertThat(column(api.credential(copy, "readonly"), "SELECT text FROM notes"))
        .containsExactly("x");
  }

  @Test
  void a_suspended_copy_is_reset_and_suspended_again() throws Exception {
    String source = source("s");
    String copy = copy(source, "everything");
    execute(api.credential(copy, "readwrite"), "DELETE FROM notes");
    post("/v1/environments/" + copy + "/suspend", Map.of(), 200);

    JsonNode operation = api.awaitOperation(api.reset(copy));

    assertThat(operation.get("status").asString()).isEqualTo("succeeded");
    assertThat(get("/v1/environments/" + copy).get("status").asString()).isEqualTo("suspended");
    List<String> rows = column(api.credential(source, "readonly"), "SELECT text FROM notes");
    assertThat(rows).containsExactly("s");
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

  private void problem(String path, int status, String code) {
    JsonNode problem = post(path, Map.of(), status);
    assertThat(problem.get("code").asString()).as(problem.toString()).isEqualTo(code);
  }

  private void setStatus(String id, EnvironmentStatus status) {
    dsl.update(Environment.TABLE)
        .set(Environment.STATUS, status.sqlValue())
        .where(Environment.ID.eq(UUID.fromString(id)))
        .execute();
  }
}
