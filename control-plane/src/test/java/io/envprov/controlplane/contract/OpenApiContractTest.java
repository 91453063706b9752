package io.envprov.controlplane.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.domain.EnvironmentStatus;
import io.envprov.controlplane.restore.BackupFixture;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.controlplane.support.ApiTestSupport;
import io.envprov.controlplane.web.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;

/**
 * {@code schemas/openapi.yaml} (on the class path as {@code contract/openapi.yaml}) against the
 * running service: the same routes, and live responses shaped exactly as its schemas say.
 */
class OpenApiContractTest extends ApiTestSupport {

  @Autowired private ApplicationContext context;
  @Autowired private DSLContext dsl;

  private static final String CONTRACT = "contract/openapi.yaml";
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  /** The routes the contract documents as open: no bearer token. */
  private static final Set<String> OPEN_ROUTES = Set.of("get /.well-known/envprov-configuration");

  private static Map<String, Object> contract;

  private final List<String> brokenProblems = new ArrayList<>();

  @BeforeAll
  static void readContract() throws IOException {
    try (InputStream in =
        OpenApiContractTest.class.getClassLoader().getResourceAsStream(CONTRACT)) {
      assertThat(in).as(CONTRACT + " on the test class path").isNotNull();
      contract = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
  }

  @Test
  void the_contract_is_openapi_3_1_with_bearer_auth_on_every_route_and_only_resolvable_refs() {
    assertThat(String.valueOf(contract.get("openapi"))).startsWith("3.1.");
    Map<String, Object> scheme = map(at("components", "securitySchemes", "apiKey"));
    assertThat(scheme).containsEntry("type", "http").containsEntry("scheme", "bearer");
    assertThat(list(contract.get("security"))).containsExactly(Map.of("apiKey", List.of()));
    List<String> refs = new ArrayList<>();
    collectRefs(contract, refs);
    assertThat(refs).isNotEmpty();
    refs.forEach(ref -> assertThat(resolveRef(ref)).as(ref).isNotNull());
    contractRoutes()
        .forEach(
            route -> {
              String[] parts = route.split(" ", 2);
              Map<String, Object> operation = operation(parts[0], parts[1]);
              if (OPEN_ROUTES.contains(route)) {
                // Open on purpose (SecurityConfiguration): outside /v1, and says so.
                assertThat(operation.get("security")).as(route).isEqualTo(List.of());
                return;
              }
              assertThat(operation).as(route).doesNotContainKey("security");
              assertThat(map(operation.get("responses"))).as(route).containsKeys("401", "403");
              if (parts[0].equals("post")) {
                assertThat(parameterNames(parts[1], operation))
                    .as(route + " takes an Idempotency-Key")
                    .contains("Idempotency-Key");
              }
            });
  }

  @Test
  void the_contract_lists_exactly_the_stable_error_codes_of_the_service() {
    assertThat(errorCodes())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
  }

  @Test
  void every_v1_route_the_running_service_documents_is_in_the_contract_and_vice_versa() {
    JsonNode docs =
        JSON.readTree(
            // Generating the docs the first time takes seconds on a loaded machine.
            anonymous
                .mutate()
                .responseTimeout(java.time.Duration.ofSeconds(60))
                .build()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    Set<String> served = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
      if (path.getKey().startsWith("/v1/")) {
        for (String method : path.getValue().propertyNames()) {
          if (HTTP_METHODS.contains(method)) {
            served.add(method + " " + path.getKey());
          }
        }
      }
    }
    assertThat(served).isNotEmpty();
    assertThat(contractRoutes().stream().filter(route -> route.contains(" /v1/")))
        .containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void the_data_plane_configuration_is_open_and_shaped_as_the_contract_says() {
    JsonNode configuration =
        call(
            "get",
            "/.well-known/envprov-configuration",
            200,
            anonymous.get().uri("/.well-known/envprov-configuration"));

    assertThat(configuration.get("issuer").asString()).isNotBlank();
    assertThat(configuration.get("jwks_path").asString()).isEqualTo("/.well-known/jwks.json");
    assertThat(configuration.get("session_revocations_path").asString())
        .isEqualTo("/v1/session-revocations");
    anonymous.get().uri(configuration.get("jwks_path").asString()).exchange().expectStatus().isOk();
  }

  @Test
  void live_responses_have_exactly_the_properties_the_contract_declares() {
    String orgSlug = slug("contract");
    JsonNode organization =
        call(
            "post",
            "/v1/organizations",
            201,
            admin()
                .post()
                .uri("/v1/organizations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("slug", orgSlug, "name", "Contract " + orgSlug)));
    String organizationId = organization.get("id").asString();
    JsonNode defaultEnvironment = organization.get("default_environment");
    assertThat(defaultEnvironment).as("default_environment").isNotNull();
    assertThat(defaultEnvironment.has("operation")).as("default_environment.operation").isTrue();
    String environmentId = defaultEnvironment.get("id").asString();
    String operationId = defaultEnvironment.get("operation").get("id").asString();
    awaitStatus(environmentId, "active");

    JsonNode environment =
        call(
            "get",
            "/v1/environments/{id}",
            200,
            admin().get().uri("/v1/environments/{id}", environmentId));
    assertThat(environment.has("database")).as("an active environment has its database").isTrue();
    call(
        "get",
        "/v1/environments/{id}/database",
        200,
        admin().get().uri("/v1/environments/{id}/database", environmentId));
    JsonNode operation =
        call(
            "get",
            "/v1/operations/{id}",
            200,
            admin().get().uri("/v1/operations/{id}", operationId));
    assertThat(operation.get("status").asString()).isEqualTo("succeeded");
    call(
        "get",
        "/v1/organizations/{id}",
        200,
        admin().get().uri("/v1/organizations/{id}", organizationId));
    JsonNode organizations =
        call("get", "/v1/organizations", 200, admin().get().uri("/v1/organizations?limit=1"));
    assertThat(organizations.get("items").size()).isEqualTo(1);
    call(
        "get",
        "/v1/organizations/{org_id}/environments",
        200,
        admin().get().uri("/v1/organizations/{org_id}/environments", organizationId));

    String envSlug = slug("sandbox");
    JsonNode sandbox =
        call(
            "post",
            "/v1/organizations/{org_id}/environments",
            202,
            admin()
                .post()
                .uri("/v1/organizations/{org_id}/environments", organizationId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                    Map.of(
                        "slug", envSlug,
                        "name", "Sandbox",
                        "env_type", "sandbox",
                        "description", "for the contract test",
                        "metadata", Map.of("team", "contract"))));
    assertThat(sandbox.has("operation")).isTrue();
    String sandboxId = sandbox.get("id").asString();
    String etag = awaitStatusEtag(sandboxId, "active");
    call(
        "patch",
        "/v1/environments/{id}",
        200,
        admin()
            .patch()
            .uri("/v1/environments/{id}", sandboxId)
            .header(HttpHeaders.IF_MATCH, etag)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "Sandbox renamed")));
    call(
        "post",
        "/v1/environments/{id}/suspend",
        200,
        admin().post().uri("/v1/environments/{id}/suspend", sandboxId));
    call(
        "post",
        "/v1/environments/{id}/resume",
        200,
        admin().post().uri("/v1/environments/{id}/resume", sandboxId));
    JsonNode copy =
        call(
            "post",
            "/v1/environments/{id}/copy",
            202,
            admin()
                .post()
                .uri("/v1/environments/{id}/copy", environmentId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                    Map.of("slug", slug("copy"), "name", "Copy", "env_type", "development")));
    assertThat(copy.has("operation")).isTrue();
    JsonNode deleted =
        call(
            "delete",
            "/v1/environments/{id}",
            202,
            admin().delete().uri("/v1/environments/{id}", sandboxId));
    // The service's default recovery window keeps it, deleted, until purge_after.
    assertThat(deleted.get("status").asString()).isEqualTo("deleted");
    assertThat(deleted.has("purge_after")).isTrue();
    JsonNode withDeleted =
        call(
            "get",
            "/v1/organizations/{org_id}/environments",
            200,
            admin()
                .get()
                .uri(
                    "/v1/organizations/{org_id}/environments?include_deleted=true",
                    organizationId));
    assertThat(withDeleted.get("items").toString()).contains(sandboxId);
    JsonNode recovered =
        call(
            "post",
            "/v1/environments/{id}/recover",
            200,
            admin().post().uri("/v1/environments/{id}/recover", sandboxId));
    assertThat(recovered.get("status").asString()).isEqualTo("active");
    JsonNode usage =
        call(
            "post",
            "/v1/environments/{id}/usage/refresh",
            200,
            admin().post().uri("/v1/environments/{id}/usage/refresh", sandboxId));
    assertThat(usage.get("size_bytes").asLong()).isPositive();

    JsonNode problem =
        call(
            "get",
            "/v1/environments/{id}",
            404,
            admin().get().uri("/v1/environments/{id}", UUID.randomUUID()));
    assertThat(problem.get("code").asString()).isEqualTo("not_found");

    // Issue 10: keys listed without the key, disabling users, scoped service accounts, sessions.
    JsonNode user =
        call(
            "post",
            "/v1/users",
            201,
            admin()
                .post()
                .uri("/v1/users")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", slug("contract") + "@example.test", "name", "C")));
    String userId = user.get("id").asString();
    JsonNode issued =
        call(
            "post",
            "/v1/users/{id}/api-keys",
            201,
            admin()
                .post()
                .uri("/v1/users/{id}/api-keys", userId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                    Map.of("name", "expiring", "expires_at", OffsetDateTime.now().plusDays(1))));
    WebTestClient asUser =
        anonymous
            .mutate()
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + issued.get("key").asString())
            .build();
    call(
        "get",
        "/v1/users/{id}/api-keys",
        200,
        admin().get().uri("/v1/users/{id}/api-keys?limit=1", userId));
    call(
        "post",
        "/v1/sessions",
        201,
        asUser.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue("{}"));
    asUser.delete().uri("/v1/sessions").exchange().expectStatus().isNoContent();
    call(
        "post",
        "/v1/users/{id}/disable",
        200,
        admin().post().uri("/v1/users/{id}/disable", userId));
    call(
        "post",
        "/v1/service-accounts",
        201,
        admin()
            .post()
            .uri("/v1/service-accounts")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "name", "contract",
                    "role", "data_plane",
                    "organization_ids", List.of(organizationId),
                    "max_scope", "readonly")));
  }

  @Test
  void every_error_response_is_a_problem_with_a_stable_code_from_the_contract() {
    String orgSlug = slug("problems");
    JsonNode organization = createOrganization(orgSlug);
    String organizationId = organization.get("id").asString();
    String environmentId = organization.get("default_environment").get("id").asString();
    awaitStatus(environmentId, "active");
    UUID unknown = UUID.randomUUID();

    problem(
        "get",
        "/v1/organizations",
        401,
        "unauthenticated",
        anonymous.get().uri("/v1/organizations"));
    problem(
        "get",
        "/v1/organizations",
        401,
        "unauthenticated",
        anonymous
            .get()
            .uri("/v1/organizations")
            .header(HttpHeaders.AUTHORIZATION, "Bearer ep_no-such-key"));

    problem(
        "get",
        "/v1/organizations/{id}",
        404,
        "not_found",
        admin().get().uri("/v1/organizations/{id}", unknown));
    problem(
        "get",
        "/v1/organizations/{org_id}/environments",
        404,
        "not_found",
        admin().get().uri("/v1/organizations/{org_id}/environments", unknown));
    problem(
        "get",
        "/v1/environments/{id}",
        404,
        "not_found",
        admin().get().uri("/v1/environments/{id}", unknown));
    problem(
        "get",
        "/v1/environments/{id}/database",
        404,
        "not_found",
        admin().get().uri("/v1/environments/{id}/database", unknown));
    problem(
        "post",
        "/v1/environments/{id}/suspend",
        404,
        "not_found",
        admin().post().uri("/v1/environments/{id}/suspend", unknown));
    problem(
        "get",
        "/v1/operations/{id}",
        404,
        "not_found",
        admin().get().uri("/v1/operations/{id}", unknown));

    problem(
        "get",
        "/v1/environments/{id}",
        400,
        "validation_failed",
        admin().get().uri("/v1/environments/not-a-uuid"));
    problem(
        "get",
        "/v1/organizations",
        400,
        "validation_failed",
        admin().get().uri("/v1/organizations?limit=0"));
    problem(
        "get",
        "/v1/organizations",
        400,
        "validation_failed",
        admin().get().uri("/v1/organizations?cursor=not-ours"));
    problem(
        "post",
        "/v1/organizations",
        400,
        "validation_failed",
        postJson("/v1/organizations", Map.of("slug", "Not A Slug", "name", "")),
        body -> assertThat(body.get("errors")).as("errors").hasSize(2));
    problem(
        "post",
        "/v1/organizations",
        400,
        "malformed_request",
        postJson("/v1/organizations", "{\"slug\": "));
    problem(
        "post",
        "/v1/organizations",
        400,
        "driver_unavailable",
        postJson(
            "/v1/organizations",
            Map.of("slug", slug("nodriver"), "name", "x", "driver", "nosuch")));
    problem(
        "post",
        "/v1/organizations/{org_id}/environments",
        400,
        "validation_failed",
        postJson(
            "/v1/organizations/" + organizationId + "/environments",
            Map.of("slug", slug("env"), "name", "x", "env_type", "staging")));

    problem(
        "post",
        "/v1/organizations",
        409,
        "slug_taken",
        postJson("/v1/organizations", Map.of("slug", orgSlug, "name", "again")));
    problem(
        "delete",
        "/v1/environments/{id}",
        409,
        "environment_protected",
        admin().delete().uri("/v1/environments/{id}", environmentId));
    problem(
        "post",
        "/v1/environments/{id}/resume",
        409,
        "invalid_state",
        admin().post().uri("/v1/environments/{id}/resume", environmentId));
    problem(
        "post",
        "/v1/environments/{id}/retry",
        409,
        "invalid_state",
        admin().post().uri("/v1/environments/{id}/retry", environmentId));
    problem(
        "post",
        "/v1/environments/{id}/recover",
        409,
        "invalid_state",
        admin().post().uri("/v1/environments/{id}/recover", environmentId));

    problem(
        "patch",
        "/v1/environments/{id}",
        412,
        "precondition_failed",
        admin()
            .patch()
            .uri("/v1/environments/{id}", environmentId)
            .header(HttpHeaders.IF_MATCH, "\"999999\"")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "stale")));

    problem(
        "post",
        "/v1/organizations",
        413,
        "payload_too_large",
        postJson("/v1/organizations", Map.of("slug", slug("big"), "name", "x".repeat(200_000))));
    problem(
        "post",
        "/v1/organizations",
        415,
        "unsupported_media_type",
        admin()
            .post()
            .uri("/v1/organizations")
            .contentType(MediaType.TEXT_PLAIN)
            .bodyValue("slug=x"));

    String key = UUID.randomUUID().toString();
    String reusedSlug = slug("idem");
    call(
        "post",
        "/v1/organizations",
        201,
        postJson("/v1/organizations", Map.of("slug", reusedSlug, "name", "first"))
            .header("Idempotency-Key", key));
    problem(
        "post",
        "/v1/organizations",
        422,
        "idempotency_key_reused",
        postJson("/v1/organizations", Map.of("slug", reusedSlug, "name", "second"))
            .header("Idempotency-Key", key));

    // Issue 10: a session token beyond the session routes, a service account beyond its grants.
    String userId =
        post("/v1/users", Map.of("email", slug("problem") + "@example.test", "name", "P"), 201)
            .get("id")
            .asString();
    String userKey = post("/v1/users/" + userId + "/api-keys", Map.of(), 201).get("key").asString();
    String sessionToken =
        JSON.readTree(
                anonymous
                    .post()
                    .uri("/v1/sessions")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + userKey)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}")
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .get("token")
            .asString();
    problem(
        "get",
        "/v1/users/{id}",
        403,
        "session_token_not_accepted",
        anonymous
            .get()
            .uri("/v1/users/{id}", userId)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + sessionToken));
    String otherOrganization = createOrganization(slug("other")).get("id").asString();
    String scopedKey =
        post(
                "/v1/service-accounts",
                Map.of(
                    "name",
                    "scoped",
                    "role",
                    "data_plane",
                    "organization_ids",
                    List.of(otherOrganization)),
                201)
            .get("key")
            .asString();
    problem(
        "get",
        "/v1/environments/{id}/connection",
        403,
        "not_granted",
        anonymous
            .get()
            .uri("/v1/environments/{id}/connection", environmentId)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + scopedKey));

    assertThat(brokenProblems).as("error responses that break the contract").isEmpty();
  }

  @Test
  void package_routes_answer_and_fail_as_the_contract_says() {
    String name = "contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Map<String, Object> migration =
        Map.of("version", "1", "description", "one", "sql", "CREATE TABLE contract_t (id integer)");
    Map<String, Object> body =
        Map.of("name", name, "version", "1.0.0", "migrations", List.of(migration));
    call("post", "/v1/packages", 201, postJson("/v1/packages", body));
    call("post", "/v1/packages", 200, postJson("/v1/packages", body));
    call("get", "/v1/packages", 200, admin().get().uri("/v1/packages?limit=2"));
    call(
        "get",
        "/v1/packages/{name}/versions/{version}",
        200,
        admin().get().uri("/v1/packages/{name}/versions/{version}", name, "1.0.0"));
    JsonNode organization = createOrganization(slug("contract-packages"));
    String environmentId = organization.get("default_environment").get("id").asString();
    String other =
        createEnvironment(organization.get("id").asString(), slug("other")).get("id").asString();
    awaitStatus(environmentId, "active");
    awaitStatus(other, "active");

    JsonNode operation =
        call(
            "post",
            "/v1/environments/{id}/packages",
            202,
            postJson(
                "/v1/environments/" + environmentId + "/packages",
                Map.of("name", name, "version", "1.0.0")));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        get("/v1/operations/" + operation.get("id").asString())
                            .get("status")
                            .asString())
                    .isEqualTo("succeeded"));
    call(
        "get",
        "/v1/environments/{id}/packages",
        200,
        admin().get().uri("/v1/environments/{id}/packages", environmentId));
    call(
        "get",
        "/v1/environments/{id}/schema-diff",
        200,
        admin().get().uri("/v1/environments/{id}/schema-diff?with={other}", environmentId, other));
    call(
        "post",
        "/v1/environments/{id}/promote",
        202,
        postJson(
            "/v1/environments/" + other + "/promote",
            Map.of("from_environment_id", environmentId)));

    problem(
        "get",
        "/v1/packages/{name}/versions/{version}",
        404,
        "package_not_found",
        admin().get().uri("/v1/packages/{name}/versions/{version}", name, "9.9.9"));
    problem(
        "post",
        "/v1/packages",
        409,
        "package_version_exists",
        postJson(
            "/v1/packages",
            Map.of(
                "name",
                name,
                "version",
                "1.0.0",
                "migrations",
                List.of(Map.of("version", "1", "description", "other", "sql", "SELECT 1")))));
    problem(
        "post",
        "/v1/packages",
        409,
        "package_reserved",
        postJson(
            "/v1/packages", Map.of("name", "system", "version", "9", "migrations", List.of())));
    problem(
        "post",
        "/v1/packages",
        422,
        "invalid_package",
        postJson("/v1/packages", Map.of("name", name, "version", "2", "migrations", List.of())),
        problem -> assertThat(problem.get("errors")).as("errors").hasSize(1));
    problem(
        "post",
        "/v1/environments/{id}/packages",
        404,
        "package_not_found",
        postJson(
            "/v1/environments/" + environmentId + "/packages",
            Map.of("name", name, "version", "9.9.9")));
    problem(
        "post",
        "/v1/environments/{id}/promote",
        409,
        "invalid_state",
        postJson("/v1/environments/" + other + "/promote", Map.of("from_environment_id", other)));
    problem(
        "get",
        "/v1/environments/{id}/schema-diff",
        400,
        "validation_failed",
        admin().get().uri("/v1/environments/{id}/schema-diff", environmentId));

    assertThat(brokenProblems).as("error responses that break the contract").isEmpty();
  }

  @Test
  void restore_and_reset_routes_answer_and_fail_as_the_contract_says() {
    JsonNode organization = createOrganization(slug("contract-restore"));
    String organizationId = organization.get("id").asString();
    String environmentId =
        createEnvironment(organizationId, slug("backed-up")).get("id").asString();
    awaitStatus(environmentId, "active");
    BackupFixture backups = new BackupFixture(context::getBean);
    UUID backup = backups.take(environmentId);

    JsonNode restored =
        call(
            "post",
            "/v1/backups/{id}/restore",
            202,
            postJson(
                "/v1/backups/" + backup + "/restore",
                Map.of(
                    "target",
                    "new",
                    "slug",
                    slug("restored"),
                    "name",
                    "R",
                    "env_type",
                    "sandbox")));
    assertThat(restored.get("source").get("backup_id").asString()).isEqualTo(backup.toString());
    awaitStatus(restored.get("id").asString(), "active");
    call(
        "post",
        "/v1/backups/{id}/restore",
        202,
        postJson("/v1/backups/" + backup + "/restore", Map.of("target", "in_place")));
    awaitStatus(environmentId, "active");
    JsonNode copy =
        post(
            "/v1/environments/" + environmentId + "/copy",
            Map.of("slug", slug("copy"), "name", "C", "env_type", "sandbox"),
            202);
    String copyId = copy.get("id").asString();
    awaitStatus(copyId, "active");
    call("get", "/v1/environments/{id}", 200, admin().get().uri("/v1/environments/{id}", copyId));
    call(
        "post",
        "/v1/environments/{id}/reset",
        202,
        admin().post().uri("/v1/environments/{id}/reset", copyId));
    awaitStatus(copyId, "active");

    problem(
        "post",
        "/v1/environments/{id}/reset",
        409,
        "no_source",
        admin().post().uri("/v1/environments/{id}/reset", environmentId));
    problem(
        "post",
        "/v1/backups/{id}/restore",
        409,
        "backup_not_ready",
        postJson(
            "/v1/backups/"
                + backups.row(environmentId, "sqlite", BackupStatus.PENDING)
                + "/restore",
            Map.of("target", "in_place")));
    problem(
        "post",
        "/v1/backups/{id}/restore",
        409,
        "driver_mismatch",
        postJson(
            "/v1/backups/" + backup + "/restore",
            Map.of(
                "target",
                "new",
                "slug",
                slug("pg"),
                "name",
                "P",
                "env_type",
                "sandbox",
                "driver",
                "postgres")));
    problem(
        "post",
        "/v1/backups/{id}/restore",
        404,
        "not_found",
        postJson("/v1/backups/" + UUID.randomUUID() + "/restore", Map.of("target", "in_place")));
    problem(
        "post",
        "/v1/backups/{id}/restore",
        400,
        "validation_failed",
        postJson("/v1/backups/" + backup + "/restore", Map.of("target", "somewhere")));

    String serviceKey =
        post(
                "/v1/service-accounts",
                Map.of(
                    "name",
                    "contract restore",
                    "role",
                    "data_plane",
                    "organization_ids",
                    List.of(organizationId)),
                201)
            .get("key")
            .asString();
    // Held in restoring by hand, as a long restore would hold it.
    dsl.update(Environment.TABLE)
        .set(Environment.STATUS, EnvironmentStatus.RESTORING.sqlValue())
        .where(Environment.ID.eq(UUID.fromString(copyId)))
        .execute();
    problem(
        "get",
        "/v1/environments/{id}/connection",
        503,
        "environment_restoring",
        anonymous
            .mutate()
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + serviceKey)
            .build()
            .get()
            .uri("/v1/environments/{id}/connection?scope=readwrite", copyId));

    assertThat(brokenProblems).as("error responses that break the contract").isEmpty();
  }

  @Test
  void backup_routes_answer_and_fail_as_the_contract_says() {
    JsonNode organization = createOrganization(slug("contract-backups"));
    String environmentId = organization.get("default_environment").get("id").asString();
    awaitStatus(environmentId, "active");

    JsonNode backup =
        call(
            "post",
            "/v1/environments/{id}/backups",
            202,
            postJson(
                "/v1/environments/" + environmentId + "/backups", Map.of("label", "contract")));
    String backupId = backup.get("id").asString();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(get("/v1/backups/" + backupId).get("status").asString())
                    .isEqualTo("succeeded"));
    call("get", "/v1/backups/{id}", 200, admin().get().uri("/v1/backups/{id}", backupId));
    call(
        "get",
        "/v1/environments/{id}/backups",
        200,
        admin().get().uri("/v1/environments/{id}/backups?limit=1", environmentId));
    call(
        "get",
        "/v1/environments/{id}",
        200,
        admin().get().uri("/v1/environments/{id}", environmentId));
    admin().delete().uri("/v1/backups/{id}", backupId).exchange().expectStatus().isNoContent();

    problem(
        "get",
        "/v1/backups/{id}",
        404,
        "not_found",
        admin().get().uri("/v1/backups/{id}", backupId));
    problem(
        "delete",
        "/v1/backups/{id}",
        404,
        "not_found",
        admin().delete().uri("/v1/backups/{id}", backupId));
    problem(
        "get",
        "/v1/environments/{id}/backups",
        404,
        "not_found",
        admin().get().uri("/v1/environments/{id}/backups", UUID.randomUUID()));
    problem(
        "post",
        "/v1/environments/{id}/backups",
        400,
        "validation_failed",
        postJson("/v1/environments/" + environmentId + "/backups", Map.of("label", "")));
    String other =
        createEnvironment(organization.get("id").asString(), slug("gone")).get("id").asString();
    awaitStatus(other, "active");
    admin().delete().uri("/v1/environments/{id}", other).exchange().expectStatus().isAccepted();
    // In its recovery window: not active or suspended, so not backed up.
    awaitStatus(other, "deleted");
    problem(
        "post",
        "/v1/environments/{id}/backups",
        409,
        "invalid_state",
        postJson("/v1/environments/" + other + "/backups", Map.of()));

    assertThat(brokenProblems).as("error responses that break the contract").isEmpty();
  }

  // ---- live calls checked against the contract

  /** A live response: its Content-Type and its body. */
  private record Live(MediaType type, JsonNode body) {}

  /**
   * Sends the request and checks the response against the contract's operation: the status is
   * documented, the content type is the documented one, and the body conforms to its schema.
   */
  private Live exchange(
      String method, String path, int status, WebTestClient.RequestHeadersSpec<?> request) {
    String where = method + " " + path + " " + status;
    EntityExchangeResult<byte[]> result =
        request.exchange().expectStatus().isEqualTo(status).expectBody().returnResult();
    Map<String, Object> responses = map(operation(method, path).get("responses"));
    assertThat(responses)
        .as(method + " " + path + " documents " + status)
        .containsKey(String.valueOf(status));
    Map<String, Object> content =
        map(resolve(map(responses.get(String.valueOf(status)))).get("content"));
    assertThat(content).as(where + " content").hasSize(1);
    String documentedType = content.keySet().iterator().next();
    MediaType actualType = result.getResponseHeaders().getContentType();
    assertThat(actualType).as(where + " Content-Type").isNotNull();
    assertThat(actualType.isCompatibleWith(MediaType.parseMediaType(documentedType)))
        .as(where + " answers " + actualType + ", documented " + documentedType)
        .isTrue();
    JsonNode body = JSON.readTree(result.getResponseBody());
    assertConforms(where, body, map(map(content.get(documentedType)).get("schema")));
    return new Live(actualType, body);
  }

  private JsonNode call(
      String method, String path, int status, WebTestClient.RequestHeadersSpec<?> request) {
    return exchange(method, path, status, request).body();
  }

  /** {@link #problem(String, String, int, String, WebTestClient.RequestHeadersSpec, Consumer)}. */
  private void problem(
      String method,
      String path,
      int status,
      String code,
      WebTestClient.RequestHeadersSpec<?> request) {
    problem(method, path, status, code, request, body -> {});
  }

  /**
   * {@link #exchange} for a failure: problem+json with the expected code from the contract. A
   * mismatch is collected in {@link #brokenProblems} so one run reports them all.
   */
  private void problem(
      String method,
      String path,
      int status,
      String code,
      WebTestClient.RequestHeadersSpec<?> request,
      Consumer<JsonNode> more) {
    String where = method + " " + path + " " + status + " " + code;
    try {
      Live live = exchange(method, path, status, request);
      assertThat(live.type().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .as(where + " is application/problem+json, not " + live.type())
          .isTrue();
      assertThat(errorCodes()).as(where + ": code in the contract's enum").contains(code);
      assertThat(live.body().path("code").asString(null)).as(where + ": code").isEqualTo(code);
      assertThat(live.body().path("status").asInt())
          .as(where + ": status member")
          .isEqualTo(status);
      more.accept(live.body());
    } catch (AssertionError e) {
      brokenProblems.add(where + " -> " + e.getMessage().strip().replaceAll("\\s+", " "));
    }
  }

  private WebTestClient.RequestHeadersSpec<?> postJson(String path, Object body) {
    return admin().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }

  private String awaitStatusEtag(String environmentId, String status) {
    awaitStatus(environmentId, status);
    String etag =
        admin()
            .get()
            .uri("/v1/environments/{id}", environmentId)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(byte[].class)
            .getResponseHeaders()
            .getETag();
    assertThat(etag).as("ETag of environment " + environmentId).isNotBlank();
    return etag;
  }

  // ---- JSON against the contract's schemas

  /**
   * The value against a (subset of) JSON Schema: type, enum, pattern, uuid and date-time formats;
   * objects with declared properties carry every required one and nothing undeclared.
   */
  private void assertConforms(String where, JsonNode value, Map<String, Object> schemaOrRef) {
    Map<String, Object> schema = resolve(schemaOrRef);
    if (schema.containsKey("type")) {
      Object type = schema.get("type");
      List<String> allowed =
          type instanceof List<?> types
              ? types.stream().map(String::valueOf).toList()
              : List.of(String.valueOf(type));
      assertThat(allowed)
          .as(where + " is " + jsonTypes(value) + " (" + value + ")")
          .containsAnyElementsOf(jsonTypes(value));
    }
    if (value.isNull()) {
      return;
    }
    if (schema.containsKey("enum")) {
      List<String> values = list(schema.get("enum")).stream().map(String::valueOf).toList();
      assertThat(values).as(where + " = " + value).contains(value.asString());
    }
    if (value.isString()) {
      String text = value.asString();
      if (schema.containsKey("pattern")) {
        assertThat(Pattern.compile(String.valueOf(schema.get("pattern"))).matcher(text).find())
            .as(where + " '" + text + "' matches " + schema.get("pattern"))
            .isTrue();
      }
      String format = String.valueOf(schema.get("format"));
      if (format.equals("uuid")) {
        assertThat(UUID.fromString(text).toString())
            .as(where)
            .isEqualTo(text.toLowerCase(Locale.ROOT));
      } else if (format.equals("date-time")) {
        assertThat(OffsetDateTime.parse(text)).as(where).isNotNull();
      }
    }
    if (value.isObject() && schema.containsKey("properties")) {
      Map<String, Object> properties = map(schema.get("properties"));
      List<String> required =
          schema.containsKey("required")
              ? list(schema.get("required")).stream().map(String::valueOf).toList()
              : List.of();
      assertThat(value.propertyNames())
          .as(where + " has every required property")
          .containsAll(required);
      assertThat(properties.keySet())
          .as(where + " declares every property it has")
          .containsAll(value.propertyNames());
      for (Map.Entry<String, JsonNode> property : value.properties()) {
        assertConforms(
            where + "." + property.getKey(),
            property.getValue(),
            map(properties.get(property.getKey())));
      }
    }
    if (value.isArray() && schema.containsKey("items")) {
      int i = 0;
      for (JsonNode item : value.values()) {
        assertConforms(where + "[" + i++ + "]", item, map(schema.get("items")));
      }
    }
  }

  private static List<String> jsonTypes(JsonNode value) {
    if (value.isNull()) {
      return List.of("null");
    }
    if (value.isBoolean()) {
      return List.of("boolean");
    }
    if (value.isIntegralNumber()) {
      return List.of("integer", "number");
    }
    if (value.isNumber()) {
      return List.of("number");
    }
    if (value.isString()) {
      return List.of("string");
    }
    if (value.isArray()) {
      return List.of("array");
    }
    return List.of("object");
  }

  // ---- reading the contract

  private static Set<String> contractRoutes() {
    Set<String> routes = new TreeSet<>();
    map(contract.get("paths"))
        .forEach(
            (path, item) ->
                map(item).keySet().stream()
                    .filter(HTTP_METHODS::contains)
                    .forEach(method -> routes.add(method + " " + path)));
    return routes;
  }

  private static Map<String, Object> operation(String method, String path) {
    Map<String, Object> item = map(map(contract.get("paths")).get(path));
    assertThat(item).as("the contract has path " + path).isNotNull();
    Map<String, Object> operation = map(item.get(method));
    assertThat(operation).as("the contract has " + method + " " + path).isNotNull();
    return operation;
  }

  private static Set<String> parameterNames(String path, Map<String, Object> operation) {
    Set<String> names = new TreeSet<>();
    List<Object> parameters = new ArrayList<>();
    Object shared = map(map(contract.get("paths")).get(path)).get("parameters");
    if (shared != null) {
      parameters.addAll(list(shared));
    }
    if (operation.get("parameters") != null) {
      parameters.addAll(list(operation.get("parameters")));
    }
    parameters.forEach(p -> names.add(String.valueOf(resolve(map(p)).get("name"))));
    return names;
  }

  private static List<String> errorCodes() {
    return list(map(at("components", "schemas", "ErrorCode")).get("enum")).stream()
        .map(String::valueOf)
        .toList();
  }

  /** The schema, response or parameter itself, following {@code $ref}s. */
  private static Map<String, Object> resolve(Map<String, Object> node) {
    Map<String, Object> current = node;
    for (int hops = 0; current != null && current.containsKey("$ref"); hops++) {
      assertThat(hops).as("$ref chain of " + node).isLessThan(10);
      current = resolveRef(String.valueOf(current.get("$ref")));
    }
    assertThat(current).as("resolved " + node).isNotNull();
    return current;
  }

  private static Map<String, Object> resolveRef(String ref) {
    assertThat(ref).as("a local $ref").startsWith("#/");
    return map(at(ref.substring(2).split("/")));
  }

  private static Object at(String... segments) {
    Object node = contract;
    for (String segment : segments) {
      node =
          node instanceof Map<?, ?> m ? m.get(segment.replace("~1", "/").replace("~0", "~")) : null;
    }
    return node;
  }

  private static void collectRefs(Object node, List<String> refs) {
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (key, value) -> {
            if ("$ref".equals(key)) {
              refs.add(String.valueOf(value));
            } else {
              collectRefs(value, refs);
            }
          });
    } else if (node instanceof List<?> l) {
      l.forEach(item -> collectRefs(item, refs));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    if (node == null) {
      return null;
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    ((Map<Object, Object>) node).forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object node) {
    return (List<Object>) node;
  }
}
