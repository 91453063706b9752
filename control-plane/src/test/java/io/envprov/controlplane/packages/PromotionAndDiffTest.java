package io.envprov.controlplane.packages;

import static io.envprov.controlplane.packages.PackageApi.migration;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Promotion (dev -> prod: the target receives the source's package versions, one operation) and
 * schema diffs between two environments, on SQLite environments; and who may install, promote and
 * read, per role.
 */
class PromotionAndDiffTest extends ApiTestSupport {

  private PackageApi api;
  private String organizationId;
  private String dev;
  private String prod;

  @BeforeEach
  void environments() {
    api = new PackageApi(admin());
    organizationId = createOrganization(slug("promo")).get("id").asString();
    dev = environment("development");
    prod = environment("production");
  }

  @Test
  void a_promotion_installs_into_the_target_what_the_source_has() throws Exception {
    String crm = PackageApi.name("crm");
    String billing = PackageApi.name("billing");
    Map<String, Object> contacts = migration("1", "CREATE TABLE contacts (id integer PRIMARY KEY)");
    api.publish(crm, "1.0.0", List.of(contacts));
    api.publish(
        crm,
        "1.1.0",
        List.of(contacts, migration("2", "ALTER TABLE contacts ADD COLUMN email text")));
    api.publish(billing, "1.0.0", List.of(migration("1", "CREATE TABLE invoices (id integer)")));
    succeeded(api.installAndWait(dev, crm, "1.1.0"));
    succeeded(api.installAndWait(dev, billing, "1.0.0"));
    succeeded(api.installAndWait(prod, crm, "1.0.0"));

    JsonNode accepted = promote(prod, dev, false, 202);

    assertThat(accepted.get("kind").asString()).isEqualTo("promote");
    assertThat(accepted.get("resource_id").asString()).isEqualTo(prod);
    succeeded(api.awaitOperation(accepted.get("id").asString()));
    Map<String, JsonNode> promoted = api.packages(prod);
    assertThat(promoted.get(crm).get("version").asString()).isEqualTo("1.1.0");
    assertThat(promoted.get(billing).get("version").asString()).isEqualTo("1.0.0");
    assertThat(promoted.get("system").get("version"))
        .isEqualTo(api.packages(dev).get("system").get("version"));
    assertThat(planned(accepted.get("id").asString()))
        .as("system is not included when the target has it; names in order")
        .isEqualTo(
            "["
                + String.join(
                    ",", billing.compareTo(crm) < 0 ? List.of(billing, crm) : List.of(crm, billing))
                + "]");
    assertThat(audited(prod, "environment.promoted")).isEqualTo(1);
    JsonNode diff = api.get("/v1/environments/" + prod + "/schema-diff?with=" + dev);
    assertThat(diff.get("identical").asBoolean()).as(diff.toString()).isTrue();
  }

  @Test
  void a_target_at_a_newer_version_keeps_it() throws Exception {
    String name = PackageApi.name("newer");
    Map<String, Object> first = migration("1", "CREATE TABLE n (id integer)");
    api.publish(name, "1.0.0", List.of(first));
    api.publish(name, "2.0.0", List.of(first, migration("2", "CREATE TABLE m (id integer)")));
    succeeded(api.installAndWait(dev, name, "1.0.0"));
    succeeded(api.installAndWait(prod, name, "2.0.0"));

    succeeded(api.awaitOperation(promote(prod, dev, false, 202).get("id").asString()));

    assertThat(api.packages(prod).get(name).get("version").asString()).isEqualTo("2.0.0");
    assertThat(planned(lastPromotion(prod))).isEqualTo("[]");
  }

  @Test
  void a_target_with_drift_is_refused_unless_forced() throws Exception {
    String name = PackageApi.name("drifty");
    Map<String, Object> first = migration("1", "CREATE TABLE t1 (id integer)");
    api.publish(name, "1.0.0", List.of(first));
    api.publish(name, "1.1.0", List.of(first, migration("2", "CREATE TABLE t2 (id integer)")));
    succeeded(api.installAndWait(dev, name, "1.1.0"));
    succeeded(api.installAndWait(prod, name, "1.0.0"));
    try (Connection database = sqlite(prod);
        Statement statement = database.createStatement()) {
      statement.executeUpdate(
          "UPDATE sys_migrations_" + name + " SET checksum = 1 WHERE version = '1'");
    }

    JsonNode refused = promote(prod, dev, false, 409);
    assertThat(refused.get("code").asString()).isEqualTo("drift_detected");
    assertThat(refused.get("detail").asString()).contains(name);

    succeeded(api.awaitOperation(promote(prod, dev, true, 202).get("id").asString()));
    assertThat(api.packages(prod).get(name).get("version").asString()).isEqualTo("1.1.0");
  }

  @Test
  void the_first_install_that_fails_stops_the_promotion_and_is_named() throws Exception {
    String first = "a" + PackageApi.name("first");
    String clash = "m" + PackageApi.name("clash");
    String last = "z" + PackageApi.name("last");
    api.publish(first, "1", List.of(migration("1", "CREATE TABLE first_t (id integer)")));
    api.publish(clash, "1", List.of(migration("1", "CREATE TABLE clash_t (id integer)")));
    api.publish(last, "1", List.of(migration("1", "CREATE TABLE last_t (id integer)")));
    for (String name : List.of(first, clash, last)) {
      succeeded(api.installAndWait(dev, name, "1"));
    }
    // Prod already has a table of that name, made by hand: the clash package cannot create it.
    try (Connection database = sqlite(prod);
        Statement statement = database.createStatement()) {
      statement.executeUpdate("CREATE TABLE clash_t (other text)");
    }

    JsonNode failed = api.awaitOperation(promote(prod, dev, false, 202).get("id").asString());

    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(failed.get("error").asString())
        .contains("promotion stopped at " + clash + " 1")
        .contains("installed before it: " + first + " 1");
    Map<String, JsonNode> packages = api.packages(prod);
    assertThat(packages).containsKey(first).doesNotContainKey(last);
    assertThat(get("/v1/environments/" + prod).get("status").asString()).isEqualTo("active");
  }

  @Test
  void promotions_stay_within_one_organization_between_two_active_environments() {
    String elsewhere =
        createOrganization(slug("other")).get("default_environment").get("id").asString();
    awaitStatus(elsewhere, "active");

    assertThat(promote(prod, elsewhere, false, 409).get("code").asString())
        .isEqualTo("invalid_state");
    assertThat(promote(prod, prod, false, 409).get("detail").asString()).contains("itself");
    post("/v1/environments/" + dev + "/suspend", Map.of(), 200);
    assertThat(promote(prod, dev, false, 409).get("detail").asString()).contains("suspended");
    assertThat(promote(prod, UUID.randomUUID().toString(), false, 404).get("code").asString())
        .isEqualTo("not_found");
  }

  @Test
  void a_schema_diff_names_tables_columns_indexes_and_package_versions_that_differ() {
    JsonNode fresh = api.get("/v1/environments/" + dev + "/schema-diff?with=" + prod);
    assertThat(fresh.get("identical").asBoolean()).as(fresh.toString()).isTrue();
    assertThat(fresh.get("with_environment_id").asString()).isEqualTo(prod);

    String name = PackageApi.name("diff");
    Map<String, Object> first = migration("1", "CREATE TABLE people (id integer PRIMARY KEY)");
    api.publish(name, "1.0.0", List.of(first));
    api.publish(
        name,
        "1.1.0",
        List.of(
            first,
            migration("2", "ALTER TABLE people ADD COLUMN email text"),
            migration("3", "CREATE INDEX people_email ON people (email)"),
            migration("4", "CREATE TABLE teams (id integer)")));
    succeeded(api.installAndWait(dev, name, "1.1.0"));
    succeeded(api.installAndWait(prod, name, "1.0.0"));

    JsonNode diff = api.get("/v1/environments/" + dev + "/schema-diff?with=" + prod);

    assertThat(diff.get("identical").asBoolean()).isFalse();
    assertThat(PackageApi.strings(diff.get("tables_only_here"))).containsExactly("teams");
    assertThat(PackageApi.strings(diff.get("tables_only_there"))).isEmpty();
    JsonNode column = diff.get("columns").get(0);
    assertThat(column.get("table").asString()).isEqualTo("people");
    assertThat(column.get("column").asString()).isEqualTo("email");
    assertThat(column.get("here").get("nullable").asBoolean()).isTrue();
    assertThat(column.get("there").isNull()).isTrue();
    JsonNode index = diff.get("indexes").get(0);
    assertThat(index.get("index").asString()).isEqualTo("people_email");
    assertThat(index.get("side").asString()).isEqualTo("here");
    JsonNode versions = diff.get("packages").get(0);
    assertThat(versions.get("name").asString()).isEqualTo(name);
    assertThat(versions.get("here").asString()).isEqualTo("1.1.0");
    assertThat(versions.get("there").asString()).isEqualTo("1.0.0");
    api.get("/v1/environments/" + dev + "/schema-diff", 400);
    api.get("/v1/environments/" + dev + "/schema-diff?with=" + UUID.randomUUID(), 404);
  }

  @Test
  void env_admins_install_and_promote_viewers_read_and_outsiders_see_nothing() {
    String name = PackageApi.name("roles");
    api.publish(name, "1", List.of(migration("1", "CREATE TABLE r (id integer)")));
    WebTestClient envAdmin = user("env_admin");
    WebTestClient viewer = user("env_viewer");
    WebTestClient outsider = user(null);
    Map<String, Object> install = Map.of("name", name, "version", "1");

    JsonNode accepted =
        JSON.readTree(
            exchange(envAdmin.post().uri("/v1/environments/" + prod + "/packages"), install, 202));
    succeeded(api.awaitOperation(accepted.get("id").asString()));
    exchange(viewer.post().uri("/v1/environments/" + prod + "/packages"), install, 403);
    exchange(outsider.post().uri("/v1/environments/" + prod + "/packages"), install, 404);
    exchange(
        viewer.post().uri("/v1/environments/" + prod + "/promote"),
        Map.of("from_environment_id", dev),
        403);
    exchange(
        envAdmin.post().uri("/v1/environments/" + prod + "/promote"),
        Map.of("from_environment_id", dev),
        202);
    viewer.get().uri("/v1/environments/" + prod + "/packages").exchange().expectStatus().isOk();
    viewer
        .get()
        .uri("/v1/environments/" + prod + "/schema-diff?with=" + dev)
        .exchange()
        .expectStatus()
        .isOk();
    outsider
        .get()
        .uri("/v1/environments/" + prod + "/packages")
        .exchange()
        .expectStatus()
        .isNotFound();
    // The operation is the environment's: whoever may read the environment may follow it.
    viewer
        .get()
        .uri("/v1/operations/" + accepted.get("id").asString())
        .exchange()
        .expectStatus()
        .isOk();
  }

  // ---- helpers

  private String environment(String type) {
    String id =
        post(
                "/v1/organizations/" + organizationId + "/environments",
                Map.of("slug", slug(type), "name", type, "env_type", type),
                202)
            .get("id")
            .asString();
    awaitStatus(id, "active");
    return id;
  }

  private JsonNode promote(String target, String source, boolean force, int status) {
    return api.post(
        "/v1/environments/" + target + "/promote",
        Map.of("from_environment_id", source, "force", force),
        status);
  }

  private static void succeeded(JsonNode operation) {
    assertThat(operation.get("status").asString())
        .as(String.valueOf(operation.get("error")))
        .isEqualTo("succeeded");
  }

  /** A user with the role on {@code prod} (and membership of the organization), or none. */
  private WebTestClient user(String role) {
    String userId =
        post(
                "/v1/users",
                Map.of("email", "u-" + UUID.randomUUID() + "@example.test", "name", "U"),
                201)
            .get("id")
            .asString();
    String key = post("/v1/users/" + userId + "/api-keys", Map.of(), 201).get("key").asString();
    if (role != null) {
      put("/v1/organizations/" + organizationId + "/members/" + userId, "org_member");
      put("/v1/environments/" + prod + "/members/" + userId, role);
    }
    return anonymous
        .mutate()
        .responseTimeout(java.time.Duration.ofSeconds(30))
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
        .build();
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

  private static byte[] exchange(WebTestClient.RequestBodySpec request, Object body, int status) {
    return request
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectBody()
        .returnResult()
        .getResponseBody();
  }

  private Connection sqlite(String environmentId) throws Exception {
    String database =
        get("/v1/environments/" + environmentId).get("database").get("database_name").asString();
    return DriverManager.getConnection("jdbc:sqlite:" + sqliteFile(database));
  }

  /** The names the promotion planned to install, in order. */
  private static String planned(String operationId) throws Exception {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT coalesce(jsonb_agg(p->>'name' ORDER BY n), '[]'::jsonb)::text FROM operation,"
                    + " jsonb_array_elements(payload->'packages') WITH ORDINALITY AS e(p, n)"
                    + " WHERE id = ?::uuid")) {
      query.setString(1, operationId);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1).replace("\"", "").replace(" ", "");
      }
    }
  }

  private static String lastPromotion(String environmentId) throws Exception {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT id FROM operation WHERE resource_id = ?::uuid AND kind = 'promote'"
                    + " ORDER BY created_at DESC LIMIT 1")) {
      query.setString(1, environmentId);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1);
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
}
