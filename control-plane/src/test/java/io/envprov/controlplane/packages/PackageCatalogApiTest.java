package io.envprov.controlplane.packages;

import static io.envprov.controlplane.packages.PackageApi.body;
import static io.envprov.controlplane.packages.PackageApi.migration;
import static io.envprov.controlplane.packages.PackageApi.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.ApiTestSupport;
import io.envprov.controlplane.support.Pages;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The package catalog over HTTP: publishing is for platform admins and immutable (an identical
 * re-publish is answered with what exists, other content is refused), every problem of an invalid
 * package is listed at once, {@code system} is the service's own, and every user reads the catalog.
 */
class PackageCatalogApiTest extends ApiTestSupport {

  private PackageApi api;

  @BeforeEach
  void api() {
    api = new PackageApi(admin());
  }

  @Test
  void a_published_version_is_answered_201_then_read_back_listed_and_audited() throws Exception {
    String name = PackageApi.name("crm");
    List<Map<String, Object>> migrations =
        List.of(
            migration("1", "CREATE TABLE contacts (id integer PRIMARY KEY, name text)"),
            migration(
                "2",
                Map.of(
                    "postgres", "ALTER TABLE contacts ADD COLUMN email text",
                    "sqlite", "ALTER TABLE contacts ADD COLUMN email text")));

    byte[] response =
        admin()
            .post()
            .uri("/v1/packages")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body(name, "1.0.0", migrations))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectHeader()
            .location("/v1/packages/" + name + "/versions/1.0.0")
            .expectBody()
            .returnResult()
            .getResponseBody();
    JsonNode published = JSON.readTree(response);

    assertThat(published.get("checksum").asString()).matches("[0-9a-f]{64}");
    assertThat(published.get("built_in").asBoolean()).isFalse();
    assertThat(published.get("published_by").asString()).startsWith("api-key:");
    assertThat(published.get("migrations")).hasSize(2);
    assertThat(published.get("migrations").get(1).get("sql_by_dialect").get("sqlite").asString())
        .isEqualTo("ALTER TABLE contacts ADD COLUMN email text");
    assertThat(api.get("/v1/packages/" + name + "/versions/1.0.0")).isEqualTo(published);
    JsonNode listed = listed(name);
    assertThat(listed.get("latest_version").asString()).isEqualTo("1.0.0");
    assertThat(strings(listed.get("versions"))).containsExactly("1.0.0");
    assertThat(audited("package.published", name)).isEqualTo(1);
  }

  @Test
  void publishing_the_same_content_again_answers_200_and_other_content_is_refused()
      throws Exception {
    String name = PackageApi.name("same");
    List<Map<String, Object>> migrations = List.of(migration("1", "CREATE TABLE a (id integer)"));
    JsonNode first = api.publish(name, "1.0.0", migrations);

    JsonNode again = api.post("/v1/packages", body(name, "1.0.0", migrations), 200);
    JsonNode other =
        api.post(
            "/v1/packages",
            body(name, "1.0.0", List.of(migration("1", "CREATE TABLE b (id integer)"))),
            409);

    assertThat(again).isEqualTo(first);
    assertThat(other.get("code").asString()).isEqualTo("package_version_exists");
    assertThat(other.get("detail").asString()).contains(name + " 1.0.0");
    assertThat(api.get("/v1/packages/" + name + "/versions/1.0.0")).isEqualTo(first);
    assertThat(audited("package.published", name)).isEqualTo(1);
  }

  @Test
  void every_problem_of_an_invalid_package_is_a_422_listing_it_and_nothing_is_kept() {
    String name = PackageApi.name("bad");
    expectInvalid(body("Bad-Name", "1.0.0", List.of(migration("1", "SELECT 1"))), "name");
    expectInvalid(body(name, "1.2.3.4", List.of(migration("1", "SELECT 1"))), "version");
    expectInvalid(body(name, "01.0", List.of(migration("1", "SELECT 1"))), "version");
    expectInvalid(body(name, "1.0.0", List.of()), "migrations");
    expectInvalid(
        body(name, "1.0.0", List.of(migration("2", "SELECT 1"), migration("1", "SELECT 1"))),
        "migrations[1].version");
    expectInvalid(
        body(name, "1.0.0", List.of(migration("1", "SELECT 1"), migration("1", "SELECT 2"))),
        "migrations[1].version");
    expectInvalid(
        body(name, "1.0.0", List.of(Map.of("version", "1", "description", "nothing"))),
        "migrations[0]");
    expectInvalid(
        body(name, "1.0.0", List.of(migration("1", Map.of("oracle", "SELECT 1 FROM dual")))),
        "migrations[0].sql_by_dialect.oracle");
    expectInvalid(
        body(name, "1.0.0", List.of(Map.of("version", "1", "sql", "SELECT 1"))),
        "migrations[0].description");

    JsonNode several =
        api.post("/v1/packages", body("", "x", List.of(migration("a", "SELECT 1"))), 422);
    assertThat(several.get("errors")).hasSize(3);
    assertThat(several.get("detail").asString()).contains("(and 2 more)");
    api.get("/v1/packages/" + name + "/versions/1.0.0", 404);
  }

  @Test
  void a_migration_must_keep_its_sql_in_every_version_of_its_package() {
    String name = PackageApi.name("lineage");
    api.publish(name, "1.0.0", List.of(migration("1", "CREATE TABLE t (id integer)")));

    JsonNode changed =
        api.post(
            "/v1/packages",
            body(
                name,
                "1.1.0",
                List.of(
                    migration("1", "CREATE TABLE t (id bigint)"),
                    migration("2", "ALTER TABLE t ADD COLUMN x text"))),
            422);
    api.publish(
        name,
        "1.1.0",
        List.of(
            migration("1", "CREATE TABLE t (id integer)"),
            migration("2", "ALTER TABLE t ADD COLUMN x text")));

    assertThat(changed.get("code").asString()).isEqualTo("invalid_package");
    assertThat(changed.get("detail").asString()).contains("migration 1 differs from 1.0.0's");
    assertThat(changed.get("errors").get(0).get("field").asString()).isEqualTo("migrations[0]");
    assertThat(strings(listed(name).get("versions"))).containsExactly("1.0.0", "1.1.0");
  }

  @Test
  void versions_are_ordered_as_versions_not_as_text() {
    String name = PackageApi.name("order");
    for (String version : List.of("1.10.0", "1.9.0", "2", "1.9")) {
      api.publish(name, version, List.of(migration("1", "CREATE TABLE o (id integer)")));
    }

    JsonNode listed = listed(name);

    assertThat(strings(listed.get("versions"))).containsExactly("1.9", "1.9.0", "1.10.0", "2");
    assertThat(listed.get("latest_version").asString()).isEqualTo("2");
  }

  @Test
  void system_is_reserved_and_built_in_from_the_data_plane_baseline_on_the_class_path()
      throws Exception {
    JsonNode reserved =
        api.post(
            "/v1/packages",
            body("system", "99", List.of(migration("99", "CREATE TABLE x (id integer)"))),
            409);
    assertThat(reserved.get("code").asString()).isEqualTo("package_reserved");

    List<String> files = baselineFiles();
    JsonNode system = listed("system");
    assertThat(system.get("built_in").asBoolean()).isTrue();
    assertThat(system.get("versions")).hasSize(files.size());
    JsonNode first = api.get("/v1/packages/system/versions/1");
    assertThat(first.get("built_in").asBoolean()).isTrue();
    assertThat(first.get("published_by").asString()).isEqualTo("system");
    assertThat(first.get("migrations")).hasSize(1);
    assertThat(first.get("migrations").get(0).get("description").asString()).isEqualTo("baseline");
    assertThat(first.get("migrations").get(0).get("sql").asString())
        .isEqualTo(baselineSql("V1__baseline.sql"));
    JsonNode latest =
        api.get("/v1/packages/system/versions/" + system.get("latest_version").asString());
    assertThat(latest.get("migrations")).hasSize(files.size());
  }

  @Test
  void only_platform_admins_publish_and_every_user_reads_the_catalog() {
    String name = PackageApi.name("readable");
    api.publish(name, "1.0.0", List.of(migration("1", "CREATE TABLE r (id integer)")));
    WebTestClient user = userClient();

    user.post()
        .uri("/v1/packages")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body(PackageApi.name("mine"), "1.0.0", List.of(migration("1", "SELECT 1"))))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("forbidden");
    user.get().uri("/v1/packages/" + name + "/versions/1.0.0").exchange().expectStatus().isOk();
    user.get().uri("/v1/packages").exchange().expectStatus().isOk();
  }

  @Test
  void an_unknown_version_is_package_not_found_and_the_list_is_walked_by_name() {
    JsonNode missing = api.get("/v1/packages/nosuch/versions/1.0.0", 404);
    assertThat(missing.get("code").asString()).isEqualTo("package_not_found");
    for (int i = 0; i < 3; i++) {
      api.publish(
          PackageApi.name("page" + i), "1", List.of(migration("1", "CREATE TABLE p (id integer)")));
    }

    List<String> walked = Pages.walk(api::get, "/v1/packages", 2, p -> p.get("name").asString());

    assertThat(walked)
        .doesNotHaveDuplicates()
        .isSorted()
        .contains("system")
        .containsExactlyElementsOf(
            Pages.all(api::get, "/v1/packages", p -> p.get("name").asString()));
  }

  private void expectInvalid(Map<String, Object> body, String field) {
    JsonNode problem = api.post("/v1/packages", body, 422);
    assertThat(problem.get("code").asString()).as(field).isEqualTo("invalid_package");
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
    assertThat(fields).as(problem.toString()).contains(field);
    assertThat(problem.get("detail").asString()).contains(field);
  }

  private JsonNode listed(String name) {
    for (JsonNode item : api.get("/v1/packages?limit=500").get("items")) {
      if (item.get("name").asString().equals(name)) {
        return item;
      }
    }
    throw new AssertionError(name + " is not listed");
  }

  private WebTestClient userClient() {
    String userId =
        post(
                "/v1/users",
                Map.of("email", "reader-" + UUID.randomUUID() + "@example.test", "name", "Reader"),
                201)
            .get("id")
            .asString();
    String key = post("/v1/users/" + userId + "/api-keys", Map.of(), 201).get("key").asString();
    return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
  }

  private static long audited(String action, String name) throws Exception {
    try (Connection connection = STORE.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM audit_event WHERE action = ? AND details->>'name' = ?")) {
      query.setString(1, action);
      query.setString(2, name);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static List<String> baselineFiles() throws Exception {
    List<String> files = new ArrayList<>();
    for (Resource resource :
        new PathMatchingResourcePatternResolver().getResources("classpath*:db/data-plane/V*.sql")) {
      files.add(resource.getFilename());
    }
    return files;
  }

  private static String baselineSql(String file) throws Exception {
    return new PathMatchingResourcePatternResolver()
        .getResource("classpath:db/data-plane/" + file)
        .getContentAsString(StandardCharsets.UTF_8);
  }
}
