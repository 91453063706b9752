package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, item 4: a data-plane service account fetches connections only for the organizations it
 * was granted and at most at its {@code max_scope}; every refusal is a 403 {@code not_granted} and
 * an audit event. Sessions carry the scope their role allows, and a viewer's is read-only.
 */
class ServiceAccountScopeAttackTest extends IdentityAttackSupport {

  private String organizationA;
  private String environmentA;
  private String organizationB;
  private String environmentB;

  @BeforeEach
  void twoTenants() {
    JsonNode a = createOrganization(slug("tenant-a"));
    organizationA = a.get("id").asString();
    environmentA = a.get("default_environment").get("id").asString();
    JsonNode b = createOrganization(slug("tenant-b"));
    organizationB = b.get("id").asString();
    environmentB = b.get("default_environment").get("id").asString();
    awaitStatus(environmentA, "active");
    awaitStatus(environmentB, "active");
  }

  @Test
  void a_service_account_of_one_organization_gets_403_for_another_organizations_environment() {
    String key = serviceAccount(Map.of("organization_ids", List.of(organizationA)));

    assertThat(connection(key, environmentA, "readwrite").get("scope").asString())
        .isEqualTo("readwrite");
    JsonNode refused = refusedConnection(key, environmentB, "readwrite");

    assertThat(refused.toString()).doesNotContain("secret").doesNotContain("jdbc_url");
    assertThat(refusals(environmentB)).hasSize(1);
    assertThat(refusals(environmentB).get(0).get("organization_id"))
        .isEqualTo(UUID.fromString(organizationB));
    // An environment that does not exist is refused alike: no oracle for other tenants' ids.
    refusedConnection(key, UUID.randomUUID().toString(), "readonly");
  }

  @Test
  void a_service_account_gets_no_admin_credentials_unless_it_was_granted_admin() {
    String readwrite = serviceAccount(Map.of("organization_ids", List.of(organizationA)));
    String readonly =
        serviceAccount(Map.of("organization_ids", List.of(organizationA), "max_scope", "readonly"));
    String admin =
        serviceAccount(Map.of("organization_ids", List.of(organizationA), "max_scope", "admin"));

    refusedConnection(readwrite, environmentA, "admin");
    refusedConnection(readonly, environmentA, "readwrite");

    assertThat(connection(readonly, environmentA, "readonly").get("scope").asString())
        .isEqualTo("readonly");
    assertThat(connection(admin, environmentA, "admin").get("scope").asString()).isEqualTo("admin");
    List<Map<String, Object>> audited = refusals(environmentA);
    assertThat(audited).hasSize(2);
    assertThat(audited)
        .allSatisfy(row -> assertThat(String.valueOf(row.get("details"))).contains("max_scope"));
  }

  @Test
  void only_an_explicit_all_organizations_serves_every_organization() {
    Map<String, Object> neither = new HashMap<>();
    post("/v1/service-accounts", body(neither), 400);
    post(
        "/v1/service-accounts",
        body(Map.of("organization_ids", List.of(organizationA), "all_organizations", true)),
        400);
    post("/v1/service-accounts", body(Map.of("organization_ids", List.of())), 400);
    post(
        "/v1/service-accounts",
        body(Map.of("organization_ids", List.of(UUID.randomUUID().toString()))),
        400);

    JsonNode platform = post("/v1/service-accounts", body(Map.of("all_organizations", true)), 201);

    assertThat(platform.get("all_organizations").asBoolean()).isTrue();
    assertThat(platform.get("max_scope").asString()).isEqualTo("readwrite");
    String key = platform.get("key").asString();
    connection(key, environmentA, "readwrite");
    connection(key, environmentB, "readonly");
    refusedConnection(key, environmentB, "admin");
    // It may see that an environment does not exist: it serves every organization anyway.
    as(key)
        .get()
        .uri("/v1/environments/{id}/connection", UUID.randomUUID())
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void a_viewer_opens_a_read_only_session_that_routes_to_the_readonly_login() throws Exception {
    User viewer = user("viewer");
    organizationRole(viewer, organizationA, "org_member");
    environmentRole(viewer, environmentA, "env_viewer");
    User writer = user("writer");
    organizationRole(writer, organizationA, "org_member");
    environmentRole(writer, environmentA, "env_user");

    JsonNode viewing = openSession(viewer.key(), environmentA);
    JsonNode writing = openSession(writer.key(), environmentA);

    assertThat(viewing.get("scope").asString()).isEqualTo("readonly");
    assertThat(
            SignedJWT.parse(viewing.get("token").asString())
                .getJWTClaimsSet()
                .getStringClaim("db_scope"))
        .isEqualTo("readonly");
    assertThat(writing.get("scope").asString()).isEqualTo("readwrite");
    assertThat(
            SignedJWT.parse(writing.get("token").asString())
                .getJWTClaimsSet()
                .getStringClaim("db_scope"))
        .isEqualTo("readwrite");
    // What a data plane then asks for a viewer is a readonly login.
    String dataPlane = serviceAccount(Map.of("organization_ids", List.of(organizationA)));
    JsonNode readonly = connection(dataPlane, environmentA, "readonly");
    assertThat(readonly.get("scope").asString()).isEqualTo("readonly");
    assertThat(readonly.get("username").asString())
        .isNotEqualTo(connection(dataPlane, environmentA, "readwrite").get("username").asString());
  }

  private String serviceAccount(Map<String, Object> grants) {
    return post("/v1/service-accounts", body(grants), 201).get("key").asString();
  }

  private static Map<String, Object> body(Map<String, Object> grants) {
    Map<String, Object> body = new HashMap<>(grants);
    body.put("name", "data plane " + UUID.randomUUID());
    body.put("role", "data_plane");
    return body;
  }

  private JsonNode connection(String key, String environmentId, String scope) {
    return JSON.readTree(
        as(key)
            .get()
            .uri("/v1/environments/{id}/connection?scope={scope}", environmentId, scope)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private JsonNode refusedConnection(String key, String environmentId, String scope) {
    JsonNode problem =
        JSON.readTree(
            as(key)
                .get()
                .uri("/v1/environments/{id}/connection?scope={scope}", environmentId, scope)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult()
                .getResponseBody());
    assertThat(problem.get("code").asString()).isEqualTo("not_granted");
    return problem;
  }

  private List<Map<String, Object>> refusals(String environmentId) {
    return rows(
        "SELECT actor, organization_id, details::text AS details FROM audit_event"
            + " WHERE action = 'connection.refused' AND resource_id = ?",
        UUID.fromString(environmentId));
  }
}
