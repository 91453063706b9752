package io.envprov.controlplane.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.restore.BackupFixture;
import io.envprov.controlplane.support.ApiTestSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The permission matrix of the README, route by route: every principal (a platform admin, each
 * organization and environment role, a member of another organization, a data-plane service
 * account) against every route, through real HTTP. Writes are probed with requests that fail after
 * the permission check when allowed (a stale If-Match, a taken slug...), so the status tells
 * allowed (the business answer) from forbidden (403) and hidden (404).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest extends ApiTestSupport {

  /** The principals, in the column order of every expectation below. */
  private static final List<String> PRINCIPALS =
      List.of(
          "platform_admin",
          "org_admin",
          "org_member",
          "env_admin",
          "env_maker",
          "env_user",
          "env_viewer",
          "outsider",
          "data_plane");

  @Autowired private ApplicationContext context;

  private final Map<String, WebTestClient> clients = new LinkedHashMap<>();
  private final Map<String, String> userIds = new LinkedHashMap<>();
  private String organization;
  private String environment;
  private String environmentSlug;
  private String defaultEnvironment;
  private String operation;
  private String revokedCredential;

  @BeforeAll
  void principals() {
    clients.put("platform_admin", admin());
    organization = createOrganization(slug("matrix")).get("id").asString();
    environmentSlug = slug("protected");
    JsonNode created =
        post(
            "/v1/organizations/" + organization + "/environments",
            Map.of(
                "slug",
                environmentSlug,
                "name",
                "Protected",
                "env_type",
                "development",
                "is_protected",
                true),
            202);
    environment = created.get("id").asString();
    operation = created.get("operation").get("id").asString();
    awaitStatus(environment, "active");
    defaultEnvironment =
        get("/v1/organizations/" + organization + "/environments")
            .get("items")
            .get(0)
            .get("id")
            .asString();

    for (String role : PRINCIPALS.subList(1, 8)) {
      JsonNode user =
          post(
              "/v1/users",
              Map.of("email", role + "-" + UUID.randomUUID() + "@example.com", "name", role),
              201);
      String id = user.get("id").asString();
      userIds.put(role, id);
      String key = post("/v1/users/" + id + "/api-keys", Map.of(), 201).get("key").asString();
      clients.put(role, client(key));
    }
    put("/v1/organizations/" + organization + "/members/" + userIds.get("org_admin"), "org_admin");
    for (String role : List.of("org_member", "env_admin", "env_maker", "env_user", "env_viewer")) {
      put("/v1/organizations/" + organization + "/members/" + userIds.get(role), "org_member");
    }
    for (String role : List.of("env_admin", "env_maker", "env_user", "env_viewer")) {
      put("/v1/environments/" + environment + "/members/" + userIds.get(role), role);
    }
    // The outsider runs an organization of their own.
    clients
        .get("outsider")
        .post()
        .uri("/v1/organizations")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("slug", slug("elsewhere"), "name", "Elsewhere"))
        .exchange()
        .expectStatus()
        .isCreated();
    String serviceKey =
        post(
                "/v1/service-accounts",
                Map.of(
                    "name",
                    "data plane",
                    "role",
                    "data_plane",
                    "organization_ids",
                    List.of(organization)),
                201)
            .get("key")
            .asString();
    clients.put("data_plane", client(serviceKey));

    revokedCredential =
        post("/v1/environments/" + environment + "/credentials", Map.of("scope", "readonly"), 201)
            .get("id")
            .asString();
    admin().delete().uri("/v1/credentials/" + revokedCredential).exchange().expectStatus().isOk();
  }

  @Test
  void organization_routes_follow_the_matrix() {
    check(
        "GET organization",
        c -> c.get().uri("/v1/organizations/" + organization),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        404,
        403);
    check(
        "GET organization environments",
        c -> c.get().uri("/v1/organizations/" + organization + "/environments"),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        404,
        403);
    check(
        "POST environment (slug taken when allowed)",
        c ->
            c.post()
                .uri("/v1/organizations/" + organization + "/environments")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("slug", environmentSlug, "name", "Dup", "env_type", "sandbox")),
        409,
        409,
        403,
        403,
        403,
        403,
        403,
        404,
        403);
    check(
        "GET organization members",
        c -> c.get().uri("/v1/organizations/" + organization + "/members"),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        404,
        403);
    check(
        "PUT organization member",
        c ->
            c.put()
                .uri("/v1/organizations/" + organization + "/members/" + userIds.get("org_member"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("role", "org_member")),
        200,
        200,
        403,
        403,
        403,
        403,
        403,
        404,
        403);
  }

  @Test
  void environment_routes_follow_the_matrix() {
    String env = "/v1/environments/" + environment;
    check("GET environment", c -> c.get().uri(env), 200, 200, 200, 200, 200, 200, 200, 404, 403);
    check(
        "GET environment database",
        c -> c.get().uri(env + "/database"),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        404,
        403);
    check(
        "GET operation",
        c -> c.get().uri("/v1/operations/" + operation),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        404,
        403);
    check(
        "PATCH environment (stale If-Match when allowed)",
        c ->
            c.patch()
                .uri(env)
                .header(HttpHeaders.IF_MATCH, "\"0\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Renamed")),
        412,
        412,
        403,
        412,
        403,
        403,
        403,
        404,
        403);
    check(
        "POST retry (not failed when allowed)",
        c -> c.post().uri(env + "/retry"),
        409,
        409,
        403,
        409,
        403,
        403,
        403,
        404,
        403);
    check(
        "DELETE environment (protected when allowed)",
        c -> c.delete().uri(env),
        409,
        409,
        403,
        409,
        403,
        403,
        403,
        404,
        403);
    check(
        "DELETE default environment (org roles only)",
        c -> c.delete().uri("/v1/environments/" + defaultEnvironment),
        409,
        409,
        403,
        403,
        403,
        403,
        403,
        404,
        403);
    check(
        "POST recover (not deleted when allowed: as DELETE)",
        c -> c.post().uri(env + "/recover"),
        409,
        409,
        403,
        409,
        403,
        403,
        403,
        404,
        403);
    check(
        "POST usage refresh (as PATCH)",
        c -> c.post().uri(env + "/usage/refresh"),
        200,
        200,
        403,
        200,
        403,
        403,
        403,
        404,
        403);
    check(
        "POST copy (slug taken when allowed)",
        c ->
            c.post()
                .uri(env + "/copy")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                    Map.of(
                        "slug", environmentSlug,
                        "name", "Copy",
                        "env_type", "sandbox",
                        "mode", "schema_only")),
        409,
        409,
        403,
        409,
        409,
        403,
        403,
        404,
        403);
    check(
        "GET environment members",
        c -> c.get().uri(env + "/members"),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        404,
        403);
    check(
        "PUT environment member (not an organization member when allowed)",
        c ->
            c.put()
                .uri(env + "/members/" + userIds.get("outsider"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("role", "env_user")),
        409,
        409,
        403,
        409,
        403,
        403,
        403,
        404,
        403);
  }

  @Test
  void restore_routes_follow_the_matrix() {
    String pending =
        new BackupFixture(context::getBean)
            .row(environment, "sqlite", BackupStatus.PENDING)
            .toString();
    check(
        "POST backup restore in place (not ready when allowed)",
        c ->
            c.post()
                .uri("/v1/backups/" + pending + "/restore")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("target", "in_place")),
        409,
        409,
        403,
        409,
        403,
        403,
        403,
        404,
        403);
    check(
        "POST backup restore as new (not ready when allowed)",
        c ->
            c.post()
                .uri("/v1/backups/" + pending + "/restore")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                    Map.of(
                        "target",
                        "new",
                        "slug",
                        slug("restored"),
                        "name",
                        "R",
                        "env_type",
                        "sandbox")),
        409,
        409,
        403,
        403,
        403,
        403,
        403,
        404,
        403);
    check(
        "POST environment reset (no source when allowed)",
        c -> c.post().uri("/v1/environments/" + environment + "/reset"),
        409,
        409,
        403,
        409,
        403,
        403,
        403,
        404,
        403);
  }

  @Test
  void credential_routes_follow_the_matrix() {
    String env = "/v1/environments/" + environment;
    check(
        "GET credentials",
        c -> c.get().uri(env + "/credentials"),
        200,
        200,
        403,
        200,
        200,
        403,
        403,
        404,
        403);
    check(
        "POST credential",
        c ->
            c.post()
                .uri(env + "/credentials")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scope", "readonly")),
        201,
        201,
        403,
        201,
        201,
        403,
        403,
        404,
        403);
    check(
        "POST rotate (revoked when allowed)",
        c -> c.post().uri("/v1/credentials/" + revokedCredential + "/rotate"),
        409,
        409,
        403,
        409,
        409,
        403,
        403,
        404,
        403);
    check(
        "GET connection (data planes only)",
        c -> c.get().uri(env + "/connection?scope=readwrite"),
        403,
        403,
        403,
        403,
        403,
        403,
        403,
        403,
        200);
  }

  @Test
  void package_routes_follow_the_matrix() {
    String env = "/v1/environments/" + environment;
    String name = "matrix_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    post(
        "/v1/packages",
        Map.of(
            "name",
            name,
            "version",
            "1",
            "migrations",
            List.of(
                Map.of(
                    "version",
                    "1",
                    "description",
                    "one",
                    "sql",
                    "CREATE TABLE IF NOT EXISTS matrix_t (id integer)"))),
        201);
    check(
        "GET packages (every user)",
        c -> c.get().uri("/v1/packages"),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        403);
    check(
        "POST package (reserved name when allowed)",
        c ->
            c.post()
                .uri("/v1/packages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "system", "version", "9", "migrations", List.of())),
        409,
        403,
        403,
        403,
        403,
        403,
        403,
        403,
        403);
    check(
        "POST environment package",
        c ->
            c.post()
                .uri(env + "/packages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "version", "1")),
        202,
        202,
        403,
        202,
        403,
        403,
        403,
        404,
        403);
    check(
        "POST promote (from itself when allowed)",
        c ->
            c.post()
                .uri(env + "/promote")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("from_environment_id", environment)),
        409,
        409,
        403,
        409,
        403,
        403,
        403,
        404,
        403);
    check(
        "GET environment packages",
        c -> c.get().uri(env + "/packages"),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        404,
        403);
    check(
        "GET schema diff",
        c -> c.get().uri(env + "/schema-diff?with=" + defaultEnvironment),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        404,
        403);
  }

  @Test
  void backup_routes_follow_the_matrix() throws Exception {
    String env = "/v1/environments/" + environment;
    // A backup still running: a delete the permission allows is refused as 409 invalid_state.
    UUID running = UUID.randomUUID();
    try (java.sql.Connection connection = STORE.connect();
        java.sql.PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO backup (id, environment_id, organization_id, driver, origin, status,"
                    + " created_by, created_at)"
                    + " VALUES (?, ?, ?, 'sqlite', 'manual', 'running', 'test', now())")) {
      insert.setObject(1, running);
      insert.setObject(2, UUID.fromString(environment));
      insert.setObject(3, UUID.fromString(organization));
      insert.executeUpdate();
    }
    check(
        "GET environment backups",
        c -> c.get().uri(env + "/backups"),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        404,
        403);
    check(
        "GET backup",
        c -> c.get().uri("/v1/backups/" + running),
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        404,
        403);
    check(
        "DELETE backup (still running when allowed)",
        c -> c.delete().uri("/v1/backups/" + running),
        409,
        409,
        403,
        409,
        403,
        403,
        403,
        404,
        403);
    check(
        "POST backup",
        c ->
            c.post()
                .uri(env + "/backups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("label", "matrix")),
        202,
        202,
        403,
        202,
        403,
        403,
        403,
        404,
        403);
  }

  @Test
  void platform_routes_are_for_platform_admins_and_users_see_only_themselves() {
    check(
        "GET database servers",
        c -> c.get().uri("/v1/database-servers"),
        200,
        403,
        403,
        403,
        403,
        403,
        403,
        403,
        403);
    check(
        "GET KMS keys",
        c -> c.get().uri("/v1/kms/keys"),
        200,
        403,
        403,
        403,
        403,
        403,
        403,
        403,
        403);
    check(
        "GET session revocations",
        c -> c.get().uri("/v1/session-revocations"),
        200,
        403,
        403,
        403,
        403,
        403,
        403,
        403,
        200);
    check(
        "POST user",
        c ->
            c.post()
                .uri("/v1/users")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", UUID.randomUUID() + "@example.com", "name", "New")),
        201,
        403,
        403,
        403,
        403,
        403,
        403,
        403,
        403);
    check(
        "GET user (the org admin)",
        c -> c.get().uri("/v1/users/" + userIds.get("org_admin")),
        200,
        200,
        404,
        404,
        404,
        404,
        404,
        404,
        403);
  }

  @Test
  void a_platform_admin_changing_an_organization_leaves_an_override_event() throws Exception {
    admin()
        .post()
        .uri("/v1/environments/" + environment + "/suspend")
        .exchange()
        .expectStatus()
        .isOk();
    admin()
        .post()
        .uri("/v1/environments/" + environment + "/resume")
        .exchange()
        .expectStatus()
        .isOk();

    try (java.sql.Connection connection = STORE.connect();
        java.sql.PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM audit_event WHERE action = 'admin.override'"
                    + " AND details->>'target_id' = ? AND details->>'permission' = 'update'")) {
      query.setString(1, environment);
      try (java.sql.ResultSet row = query.executeQuery()) {
        row.next();
        assertThat(row.getInt(1)).isGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void an_outsider_lists_only_their_own_organizations_and_never_sees_this_one() {
    byte[] body =
        clients
            .get("outsider")
            .get()
            .uri("/v1/organizations")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();

    JsonNode items = JSON.readTree(body).get("items");
    assertThat(items).hasSize(1);
    assertThat(items.toString()).doesNotContain(organization);
  }

  @Test
  void a_data_plane_fetches_a_working_connection_and_its_secret_never_shows_elsewhere() {
    byte[] body =
        clients
            .get("data_plane")
            .get()
            .uri("/v1/environments/" + environment + "/connection?scope=readonly")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals("Cache-Control", "no-store")
            .expectBody()
            .returnResult()
            .getResponseBody();
    JsonNode connection = JSON.readTree(body);

    assertThat(connection.get("driver").asString()).isEqualTo("sqlite");
    assertThat(connection.get("scope").asString()).isEqualTo("readonly");
    assertThat(connection.get("jdbc_url").asString()).startsWith("jdbc:sqlite:");
    assertThat(get("/v1/environments/" + environment + "/credentials").toString())
        .doesNotContain(connection.get("secret").asString());
    // A second fetch serves the same credential rather than issuing another.
    byte[] again =
        clients
            .get("data_plane")
            .get()
            .uri("/v1/environments/" + environment + "/connection?scope=readonly")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(JSON.readTree(again).get("credential_id"))
        .isEqualTo(connection.get("credential_id"));
  }

  private void check(
      String route,
      Function<WebTestClient, WebTestClient.RequestHeadersSpec<?>> request,
      int... expected) {
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < PRINCIPALS.size(); i++) {
      String principal = PRINCIPALS.get(i);
      int status;
      try {
        status =
            request
                .apply(clients.get(principal))
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
      } catch (RuntimeException e) {
        mismatches.add(principal + ": " + e.getMessage() + " (expected " + expected[i] + ")");
        continue;
      }
      if (status != expected[i]) {
        mismatches.add(principal + ": " + status + " (expected " + expected[i] + ")");
      }
    }
    assertThat(mismatches).as(route).isEmpty();
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

  private WebTestClient client(String key) {
    return anonymous
        .mutate()
        .responseTimeout(java.time.Duration.ofSeconds(30))
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
        .build();
  }
}
