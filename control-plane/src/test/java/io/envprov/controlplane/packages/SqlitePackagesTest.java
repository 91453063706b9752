package io.envprov.controlplane.packages;

import static io.envprov.controlplane.packages.PackageApi.migration;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.credential.StoredCredential;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.support.ApiTestSupport;
import io.envprov.driver.spi.CredentialScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Packages installed into SQLite environments end to end, through the API and the operation worker,
 * checked in the environment's own database file: install, upgrade, a failing migration, drift, the
 * baseline's next version carried to an environment still at the first.
 */
@ExtendWith(OutputCaptureExtension.class)
class SqlitePackagesTest extends ApiTestSupport {

  @Autowired CredentialRecords credentials;
  @Autowired SecretBox box;
  @Autowired PackageOperations operations;

  private PackageApi api;
  private String organizationId;

  @BeforeEach
  void organization() {
    api = new PackageApi(admin());
    organizationId = createOrganization(slug("pkg")).get("id").asString();
  }

  @Test
  void an_install_runs_the_migrations_and_applications_use_the_new_table() throws Exception {
    String environmentId = activeEnvironment();
    String name = PackageApi.name("crm");
    JsonNode published =
        api.publish(
            name,
            "1.0.0",
            List.of(
                migration("1", "CREATE TABLE crm_contacts (id integer PRIMARY KEY, name text)"),
                migration("2", "CREATE INDEX crm_contacts_name ON crm_contacts (name)")));

    byte[] response =
        admin()
            .post()
            .uri("/v1/environments/" + environmentId + "/packages")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", name, "version", "1.0.0"))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectHeader()
            .valueMatches("Location", "/v1/operations/[0-9a-f-]{36}")
            .expectBody()
            .returnResult()
            .getResponseBody();
    JsonNode accepted = JSON.readTree(response);
    assertThat(accepted.get("kind").asString()).isEqualTo("install_package");
    assertThat(accepted.get("resource_id").asString()).isEqualTo(environmentId);
    assertThat(accepted.get("status").asString()).isEqualTo("pending");
    JsonNode operation = api.awaitOperation(accepted.get("id").asString());

    assertThat(operation.get("status").asString())
        .as(String.valueOf(operation.get("error")))
        .isEqualTo("succeeded");
    assertThat(get("/v1/environments/" + environmentId).get("status").asString())
        .isEqualTo("active");
    JsonNode installed = api.packages(environmentId).get(name);
    assertThat(installed.get("version").asString()).isEqualTo("1.0.0");
    assertThat(installed.get("status").asString()).isEqualTo("installed");
    assertThat(installed.get("drift").asBoolean()).isFalse();
    assertThat(installed.get("latest_version").asString()).isEqualTo("1.0.0");
    assertThat(installed.get("checksum").asString())
        .isEqualTo(published.get("checksum").asString());
    assertThat(api.packages(environmentId)).containsKey("system");
    try (Connection application = api.connect(environmentId, "readwrite");
        Statement statement = application.createStatement()) {
      statement.executeUpdate("INSERT INTO crm_contacts (id, name) VALUES (1, 'Ada')");
      try (ResultSet row = statement.executeQuery("SELECT name FROM crm_contacts")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isEqualTo("Ada");
      }
    }
    assertThat(ledger(environmentId, name)).isEqualTo("1.0.0 installed drift=false");
    assertThat(audited(environmentId, "package.installed")).isEqualTo(1);
    assertThat(audited(environmentId, "package.install_requested")).isEqualTo(1);
  }

  @Test
  void an_upgrade_applies_only_the_migration_the_database_lacks() throws Exception {
    String environmentId = activeEnvironment();
    String name = PackageApi.name("notes");
    Map<String, Object> first = migration("1", "CREATE TABLE notes (id integer PRIMARY KEY)");
    api.publish(name, "1.0.0", List.of(first));
    assertSucceeded(api.installAndWait(environmentId, name, "1.0.0"));
    try (Connection application = api.connect(environmentId, "readwrite");
        Statement statement = application.createStatement()) {
      statement.executeUpdate("INSERT INTO notes (id) VALUES (7)");
    }
    api.publish(
        name, "1.1.0", List.of(first, migration("2", "ALTER TABLE notes ADD COLUMN body text")));

    assertSucceeded(api.installAndWait(environmentId, name, "1.1.0"));

    try (Connection database = sqlite(environmentId);
        Statement statement = database.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version, count(*) FROM sys_migrations_"
                    + name
                    + " WHERE success GROUP BY version ORDER BY version")) {
      List<String> history = new ArrayList<>();
      while (rows.next()) {
        history.add(rows.getString(1) + "x" + rows.getInt(2));
      }
      assertThat(history).containsExactly("1x1", "2x1");
      try (ResultSet kept = statement.executeQuery("SELECT id, body FROM notes")) {
        assertThat(kept.next()).isTrue();
        assertThat(kept.getInt(1)).isEqualTo(7);
      }
    }
    assertThat(api.packages(environmentId).get(name).get("version").asString()).isEqualTo("1.1.0");
    assertThat(lastApplied(environmentId)).isEqualTo("[\"2\"]");
  }

  @Test
  void a_failing_migration_fails_the_install_and_leaves_the_environment_active_at_its_version()
      throws Exception {
    String environmentId = activeEnvironment();
    String name = PackageApi.name("shop");
    Map<String, Object> first = migration("1", "CREATE TABLE orders (id integer PRIMARY KEY)");
    api.publish(name, "1.0.0", List.of(first));
    assertSucceeded(api.installAndWait(environmentId, name, "1.0.0"));
    api.publish(
        name,
        "1.1.0",
        List.of(
            first,
            migration("2", "ALTER TABLE orders ADD COLUMN total integer"),
            migration("3", "ALTER TABLE no_such_table ADD COLUMN broken integer")));

    JsonNode failed = api.installAndWait(environmentId, name, "1.1.0");

    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(failed.get("error").asString()).contains("3").contains("no_such_table");
    JsonNode environment = get("/v1/environments/" + environmentId);
    assertThat(environment.get("status").asString()).isEqualTo("active");
    assertThat(environment.has("error")).isFalse();
    JsonNode installed = api.packages(environmentId).get(name);
    assertThat(installed.get("version").asString()).isEqualTo("1.0.0");
    assertThat(installed.get("status").asString()).isEqualTo("failed");
    assertThat(installed.get("error").asString()).contains("no_such_table");
    // All or nothing: migration 2 ran in the same transaction as 3, so it is gone too.
    assertThat(columns(environmentId, "orders")).containsExactly("id");
    assertThat(audited(environmentId, "package.install_failed")).isEqualTo(1);
    // The environment still serves its applications.
    try (Connection application = api.connect(environmentId, "readwrite");
        Statement statement = application.createStatement()) {
      statement.executeUpdate("INSERT INTO orders (id) VALUES (1)");
    }
  }

  @Test
  void drift_is_shown_and_an_install_over_it_fails_unless_forced() throws Exception {
    String environmentId = activeEnvironment();
    String name = PackageApi.name("drift");
    List<Map<String, Object>> migrations =
        List.of(
            migration("1", "CREATE TABLE d (id integer PRIMARY KEY)"),
            migration("2", "CREATE INDEX d_id ON d (id)"));
    api.publish(name, "1.0.0", migrations);
    assertSucceeded(api.installAndWait(environmentId, name, "1.0.0"));
    // Someone changed the database by hand: the history no longer matches the catalog.
    try (Connection database = sqlite(environmentId);
        Statement statement = database.createStatement()) {
      statement.executeUpdate(
          "UPDATE sys_migrations_" + name + " SET checksum = 12345 WHERE version = '2'");
    }

    JsonNode drifted = api.packages(environmentId).get(name);

    assertThat(drifted.get("drift").asBoolean()).isTrue();
    assertThat(PackageApi.strings(drifted.get("drift_details"))).anyMatch(d -> d.contains("2"));
    assertThat(ledger(environmentId, name)).endsWith("drift=true");
    api.publish(
        name,
        "1.1.0",
        List.of(
            migrations.get(0), migrations.get(1), migration("3", "CREATE TABLE e (id integer)")));
    JsonNode refused = api.installAndWait(environmentId, name, "1.1.0");
    assertThat(refused.get("status").asString()).isEqualTo("failed");
    assertThat(refused.get("error").asString()).isNotBlank();
    assertThat(tables(environmentId)).doesNotContain("e");

    JsonNode forced =
        api.awaitOperation(
            api.post(
                    "/v1/environments/" + environmentId + "/packages",
                    Map.of("name", name, "version", "1.1.0", "force", true),
                    202)
                .get("id")
                .asString());
    assertSucceeded(forced);
    assertThat(tables(environmentId)).contains("e");
  }

  @Test
  void an_install_is_refused_for_a_version_the_catalog_lacks_and_an_environment_not_active() {
    String environmentId = activeEnvironment();
    String name = PackageApi.name("absent");

    JsonNode missing =
        api.post(
            "/v1/environments/" + environmentId + "/packages",
            Map.of("name", name, "version", "1.0.0"),
            404);
    assertThat(missing.get("code").asString()).isEqualTo("package_not_found");

    api.publish(name, "1.0.0", List.of(migration("1", "CREATE TABLE a (id integer)")));
    post("/v1/environments/" + environmentId + "/suspend", Map.of(), 200);
    JsonNode suspended =
        api.post(
            "/v1/environments/" + environmentId + "/packages",
            Map.of("name", name, "version", "1.0.0"),
            409);
    assertThat(suspended.get("code").asString()).isEqualTo("invalid_state");
    assertThat(suspended.get("detail").asString()).contains("suspended");
    assertThat(
            api.get("/v1/environments/" + environmentId + "/packages", 409).get("code").asString())
        .isEqualTo("invalid_state");
  }

  @Test
  void the_baselines_next_version_reaches_an_environment_still_at_system_1() throws Exception {
    String environmentId = activeEnvironment();
    String latest = get("/v1/packages/system/versions/" + latestSystem()).get("version").asString();
    assertThat(Versions.compare(latest, "1")).as("the baseline has a version 2").isPositive();
    List<String> bornWith = columns(environmentId, "sys_package_installation");
    // Rebuild the environment's file as the first baseline made it, before version 2 existed.
    Path file = sqliteFile(databaseName(environmentId));
    Files.delete(file);
    Flyway.configure()
        .dataSource("jdbc:sqlite:" + file, null, null)
        .locations("classpath:db/data-plane")
        .target("1")
        .load()
        .migrate();
    assertThat(api.packages(environmentId).get("system").get("version").asString()).isEqualTo("1");
    assertThat(api.packages(environmentId).get("system").get("latest_version").asString())
        .isEqualTo(latest);

    assertSucceeded(api.installAndWait(environmentId, "system", latest));

    assertThat(api.packages(environmentId).get("system").get("version").asString())
        .isEqualTo(latest);
    assertThat(columns(environmentId, "sys_package_installation"))
        .containsExactlyInAnyOrderElementsOf(bornWith);
    // A package installed afterwards records itself the way a new environment does.
    String name = PackageApi.name("after");
    api.publish(name, "1", List.of(migration("1", "CREATE TABLE after_v2 (id integer)")));
    assertSucceeded(api.installAndWait(environmentId, name, "1"));
    assertThat(api.packages(environmentId).get(name).get("checksum").isNull()).isFalse();
  }

  @Test
  void the_admin_secret_appears_neither_in_a_failed_operation_nor_in_the_logs(CapturedOutput output)
      throws Exception {
    String environmentId = activeEnvironment();
    String name = PackageApi.name("secret");
    api.publish(name, "1", List.of(migration("1", "THIS IS NOT SQL")));

    JsonNode failed = api.installAndWait(environmentId, name, "1");

    assertThat(failed.get("status").asString()).isEqualTo("failed");
    String secret = adminSecret(environmentId);
    assertThat(failed.toString()).doesNotContain(secret);
    assertThat(api.get("/v1/environments/" + environmentId + "/packages").toString())
        .doesNotContain(secret);
    assertThat(output.getAll()).doesNotContain(secret);
  }

  @Test
  void a_redelivered_install_that_finished_is_not_run_again() throws Exception {
    String environmentId = activeEnvironment();
    String name = PackageApi.name("once");
    api.publish(name, "1", List.of(migration("1", "CREATE TABLE once_t (id integer)")));
    JsonNode done = api.installAndWait(environmentId, name, "1");
    assertSucceeded(done);

    // What db-scheduler does when it delivers an execution twice (a crash after the outcome).
    operations.run(UUID.fromString(done.get("id").asString()));

    JsonNode again = get("/v1/operations/" + done.get("id").asString());
    assertThat(again.get("attempts").asInt()).isEqualTo(done.get("attempts").asInt());
    assertThat(again.get("finished_at")).isEqualTo(done.get("finished_at"));
    assertThat(audited(environmentId, "package.installed")).isEqualTo(1);
  }

  @Test
  void an_environment_whose_admin_credential_was_revoked_gets_a_new_one_for_its_install()
      throws Exception {
    String environmentId = activeEnvironment();
    CredentialTarget target =
        credentials.targetOfEnvironment(UUID.fromString(environmentId)).orElseThrow();
    StoredCredential initial =
        credentials
            .serviceCredential(target.databaseId(), CredentialScope.ADMIN, OffsetDateTime.now())
            .orElseThrow();
    admin().delete().uri("/v1/credentials/" + initial.id()).exchange().expectStatus().isOk();
    String name = PackageApi.name("reissued");
    api.publish(name, "1", List.of(migration("1", "CREATE TABLE reissued_t (id integer)")));

    assertSucceeded(api.installAndWait(environmentId, name, "1"));

    StoredCredential issued =
        credentials
            .serviceCredential(target.databaseId(), CredentialScope.ADMIN, OffsetDateTime.now())
            .orElseThrow();
    assertThat(issued.id()).isNotEqualTo(initial.id());
    assertThat(issued.createdBy()).startsWith("system:");
    assertThat(tables(environmentId)).contains("reissued_t");
  }

  @Test
  void a_retry_of_a_failed_environment_runs_its_lifecycle_operation_not_a_later_install()
      throws Exception {
    String environmentId = activeEnvironment();
    String provision = lastOperation(environmentId, "provision");
    // What a later failure would leave: the environment failed, an install after its provision.
    try (Connection connection = STORE.connect();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE environment SET status = 'failed', error = 'by hand' WHERE id = '"
              + environmentId
              + "'");
      statement.executeUpdate(
          "INSERT INTO operation (id, kind, resource_type, resource_id, status, attempts, error,"
              + " payload, created_by, created_at, updated_at) VALUES ('"
              + UUID.randomUUID()
              + "', 'install_package', 'environment', '"
              + environmentId
              + "', 'failed', 1, 'by hand', '{\"name\":\"x\",\"version\":\"1\"}', 'test', now()"
              + " + interval '1 minute', now())");
    }

    JsonNode retried = post("/v1/environments/" + environmentId + "/retry", Map.of(), 202);

    JsonNode operation = get(retried.get("operation").get("href").asString());
    assertThat(operation.get("kind").asString()).isEqualTo("provision");
    assertThat(operation.get("id").asString()).isNotEqualTo(provision);
    awaitStatus(environmentId, "active");
  }

  // ---- helpers

  private String activeEnvironment() {
    String id = createEnvironment(organizationId, slug("env")).get("id").asString();
    awaitStatus(id, "active");
    return id;
  }

  private static void assertSucceeded(JsonNode operation) {
    assertThat(operation.get("status").asString())
        .as(String.valueOf(operation.get("error")))
        .isEqualTo("succeeded");
  }

  private String latestSystem() {
    for (JsonNode item : get("/v1/packages?limit=500").get("items")) {
      if (item.get("name").asString().equals("system")) {
        return item.get("latest_version").asString();
      }
    }
    throw new AssertionError("system is not in the catalog");
  }

  private String databaseName(String environmentId) {
    return get("/v1/environments/" + environmentId).get("database").get("database_name").asString();
  }

  private Connection sqlite(String environmentId) throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(databaseName(environmentId)));
  }

  private List<String> columns(String environmentId, String table) throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection database = sqlite(environmentId);
        ResultSet rows =
            database
                .createStatement()
                .executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
      while (rows.next()) {
        columns.add(rows.getString(1));
      }
    }
    return columns;
  }

  private List<String> tables(String environmentId) throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection database = sqlite(environmentId);
        ResultSet rows =
            database
                .createStatement()
                .executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  private String adminSecret(String environmentId) {
    return PackageApi.adminSecret(credentials, box, environmentId);
  }

  private static String ledger(String environmentId, String name) throws Exception {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT version, status, drift FROM package_installation"
                    + " WHERE environment_id = ?::uuid AND package_name = ?")) {
      query.setString(1, environmentId);
      query.setString(2, name);
      try (ResultSet row = query.executeQuery()) {
        assertThat(row.next()).as("ledger row of " + name).isTrue();
        return row.getString(1) + " " + row.getString(2) + " drift=" + row.getBoolean(3);
      }
    }
  }

  private static long audited(String environmentId, String action) throws Exception {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM audit_event WHERE resource_id = ?::uuid AND action = ?")) {
      query.setString(1, environmentId);
      query.setString(2, action);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static String lastApplied(String environmentId) throws Exception {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT details->>'applied' FROM audit_event WHERE resource_id = ?::uuid"
                    + " AND action = 'package.installed' ORDER BY occurred_at DESC LIMIT 1")) {
      query.setString(1, environmentId);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1).replace(" ", "");
      }
    }
  }

  private static String lastOperation(String environmentId, String kind) throws Exception {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT id FROM operation WHERE resource_id = ?::uuid AND kind = ?"
                    + " ORDER BY created_at DESC LIMIT 1")) {
      query.setString(1, environmentId);
      query.setString(2, kind);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }
}
