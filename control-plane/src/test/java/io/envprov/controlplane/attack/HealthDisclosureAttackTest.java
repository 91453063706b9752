package io.envprov.controlplane.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.kms.KmsTestServer;
import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.TestPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Item 6 of issue 10: {@code /actuator/health} tells anyone only UP or DOWN; which database servers
 * exist, where, and how they fare is for platform admins. And no unauthenticated request, however
 * many, makes the service call the KMS or log in to a database server: the server is registered
 * behind a {@link CountingProxy}, the KMS is the {@link KmsTestServer}, and both count.
 */
class HealthDisclosureAttackTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BOGUS_JWT =
      "eyJhbGciOiJFUzI1NiIsImtpZCI6Im5vLXN1Y2gta2V5In0"
          + ".eyJzdWIiOiJ4IiwiaXNzIjoiaHR0cDovL2xvY2FsaG9zdCJ9"
          + ".c2lnbmF0dXJlLW9mLW5vYm9keQ";

  @TempDir static Path dataDir;
  private static KmsTestServer kms;
  private static CountingProxy proxy;
  private static RunningService service;
  private static WebTestClient anonymous;
  private static String serverName;

  @BeforeAll
  static void start() throws Exception {
    kms = KmsTestServer.start();
    kms.createAlias("alias/health", kms.createKey());
    TestPostgres.Database store = TestPostgres.newDatabase();
    URI target = URI.create(store.jdbcUrl().substring("jdbc:".length()));
    proxy = CountingProxy.start(target.getHost(), target.getPort());
    Map<String, String> properties = new HashMap<>();
    properties.put("controlplane.kms.provider", "aws");
    properties.put("controlplane.kms.key-id", "alias/health");
    properties.put("controlplane.kms.region", KmsTestServer.REGION);
    properties.put("controlplane.kms.endpoint", kms.endpoint().toString());
    properties.put("controlplane.kms.access-key-id", "AKIATESTTESTTEST");
    properties.put("controlplane.kms.secret-access-key", "test-secret-access-key");
    service = RunningService.start(store, dataDir, properties);
    anonymous = service.client().mutate().defaultHeaders(HttpHeaders::clear).build();
    serverName = "pg-health-" + UUID.randomUUID().toString().substring(0, 8);
    service.post(
        "/v1/database-servers",
        Map.of(
            "driver",
            "postgres",
            "region",
            "health",
            "name",
            serverName,
            "admin_url",
            "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres",
            "admin_username",
            store.user(),
            "admin_secret",
            store.password().isEmpty() ? "trusted-anyway" : store.password(),
            "capacity",
            5),
        201);
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    proxy.close();
    kms.close();
  }

  @Test
  void an_unauthenticated_caller_or_a_plain_user_learns_only_up_or_down() {
    String userId =
        service
            .post(
                "/v1/users",
                Map.of("email", "health-" + UUID.randomUUID() + "@example.com", "name", "U"),
                201)
            .get("id")
            .asString();
    String userKey =
        service.post("/v1/users/" + userId + "/api-keys", Map.of(), 201).get("key").asString();
    WebTestClient user =
        anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + userKey).build();

    for (WebTestClient caller : List.of(anonymous, user)) {
      JsonNode health = health(caller, "/actuator/health");
      // The names of the probe groups (liveness, readiness) are all that shows beside the status.
      assertThat(health.propertyNames()).containsOnly("status", "groups");
      assertThat(health.path("groups").toString()).doesNotContain("servers");
      assertThat(health.get("status").asString()).isEqualTo("UP");
      String body = raw(caller, "/actuator/health/servers");
      assertThat(body).doesNotContain(serverName).doesNotContain(String.valueOf(proxy.port()));
    }
  }

  @Test
  void a_burst_of_unauthenticated_requests_makes_no_kms_call_and_no_login_to_any_server() {
    int kmsBefore = kms.requests();
    int loginsBefore = proxy.connections();

    for (int i = 0; i < 25; i++) {
      for (String path :
          List.of(
              "/actuator/health",
              "/actuator/health/servers",
              "/actuator/health/drivers",
              "/v3/api-docs",
              "/.well-known/jwks.json")) {
        anonymous.get().uri(path).exchange().returnResult(byte[].class);
      }
      for (String token : List.of("ep_bogus-" + i, BOGUS_JWT, "not-a-token-" + i)) {
        for (String path : List.of("/v1/organizations", "/v1/database-servers", "/v1/kms/keys")) {
          anonymous
              .get()
              .uri(path)
              .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
              .exchange()
              .expectStatus()
              .isUnauthorized();
        }
      }
    }

    assertThat(kms.requests())
        .as(
            "KMS requests (Decrypt %s, GenerateDataKey %s)",
            kms.requests("Decrypt"), kms.requests("GenerateDataKey"))
        .isEqualTo(kmsBefore);
    assertThat(proxy.connections()).as("logins to the database server").isEqualTo(loginsBefore);

    // The counters see what a platform admin's health check does: the probe is real.
    JsonNode admin = health(service.client(), "/actuator/health");
    assertThat(admin.get("components").get("servers").get("details").get(serverName).asString())
        .startsWith("UP");
    assertThat(proxy.connections()).isGreaterThan(loginsBefore);
  }

  private static JsonNode health(WebTestClient caller, String path) {
    return JSON.readTree(raw(caller, path));
  }

  private static String raw(WebTestClient caller, String path) {
    byte[] body =
        caller.get().uri(path).exchange().returnResult(byte[].class).getResponseBodyContent();
    return body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }
}
