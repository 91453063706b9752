package io.envprov.controlplane.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * KMS key rotation end to end: the service runs with AWS KMS (the real SDK against {@link
 * KmsTestServer}) over a real PostgreSQL; secrets are sealed by the service (database-server admin
 * secrets) and by the test (credential rows), then re-wrapped through the HTTP API.
 */
class KeyRotationApiTest {

  private static final String ALIAS = "alias/envprov";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  private static KmsTestServer kms;
  private static TestPostgres.Database store;
  private static RunningService service;
  private static AwsKms client;
  private static SecretBox box;
  private static UUID databaseId;
  private static int deadPort;

  @BeforeAll
  static void start() throws Exception {
    kms = KmsTestServer.start();
    kms.createAlias(ALIAS, kms.createKey());
    store = TestPostgres.newDatabase();
    Map<String, String> properties = new HashMap<>();
    properties.put("controlplane.kms.provider", "aws");
    properties.put("controlplane.kms.key-id", ALIAS);
    properties.put("controlplane.kms.region", KmsTestServer.REGION);
    properties.put("controlplane.kms.endpoint", kms.endpoint().toString());
    properties.put("controlplane.kms.access-key-id", "AKIATESTTESTTEST");
    properties.put("controlplane.kms.secret-access-key", "test-secret-access-key");
    properties.put("controlplane.kms.call-timeout", "2s");
    service = RunningService.start(store, dataDir, properties);
    client = AwsKms.create(AwsKmsTest.properties(kms, ALIAS, 2));
    box = new SecretBox(client);
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort(); // nothing listens there: server health answers at once
    }
    String organizationId =
        service
            .post(
                "/v1/organizations",
                Map.of("slug", "kms-" + UUID.randomUUID().toString().substring(0, 8), "name", "K"),
                201)
            .get("id")
            .asString();
    String environmentId =
        service
            .get("/v1/organizations/" + organizationId + "/environments")
            .get("items")
            .get(0)
            .get("id")
            .asString();
    service.awaitStatus(environmentId, "active");
    databaseId =
        UUID.fromString(
            query(
                    "SELECT id FROM environment_database WHERE environment_id = ?",
                    UUID.fromString(environmentId))
                .get(0)
                .get("id")
                .toString());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (client != null) {
      client.close();
    }
    if (kms != null) {
      kms.close();
    }
  }

  @Test
  void every_data_key_moves_to_the_new_key_a_second_run_moves_nothing_and_every_secret_opens()
      throws Exception {
    String oldKey = pointAliasAtNewKey();
    List<Secret> secrets = sealSecrets("every", 3);
    String newKey = pointAliasAtNewKey();

    JsonNode before = service.get("/v1/kms/keys");
    assertThat(before.get("current_key_id").asString()).isEqualTo(KmsTestServer.arn(newKey));
    assertThat(count(before, KmsTestServer.arn(oldKey))).isEqualTo(secrets.size());

    JsonNode accepted = rewrap(Map.of(), 202);

    assertThat(accepted.get("key_id").asString()).isEqualTo(KmsTestServer.arn(newKey));
    assertThat(accepted.get("remaining").asInt()).isGreaterThanOrEqualTo(secrets.size());
    awaitRewrapped(KmsTestServer.arn(newKey), 1);
    JsonNode after = service.get("/v1/kms/keys");
    assertThat(after.get("data_keys").size()).isEqualTo(1);
    assertThat(count(after, KmsTestServer.arn(newKey)))
        .isEqualTo(count(before, null) /* every data key of the store */);
    kms.disableKey(oldKey);
    for (Secret secret : secrets) {
      SecretBox.Sealed stored = secret.stored();
      assertThat(stored.keyId()).isEqualTo(KmsTestServer.arn(newKey));
      assertThat(stored.ciphertext()).isEqualTo(secret.sealed().ciphertext());
      assertThat(box.open(stored, secret.context())).isEqualTo(secret.value());
    }
    Map<String, Object> started = lastAudit("kms.rewrap_started", KmsTestServer.arn(newKey));
    assertThat(started.get("actor").toString()).startsWith("api-key:");
    assertThat(started.get("details").toString()).contains("\"remaining\"");
    assertThat(lastAudit("kms.rewrap_finished", KmsTestServer.arn(newKey)).get("details"))
        .asString()
        .contains("\"failed\": 0", "\"remaining\": 0");

    List<byte[]> wrappedBefore = secrets.stream().map(s -> s.stored().wrappedKey()).toList();
    awaitNoPendingRewrap();
    JsonNode again = rewrap(Map.of("key_id", ALIAS), 202);

    assertThat(again.get("key_id").asString()).isEqualTo(KmsTestServer.arn(newKey));
    assertThat(again.get("remaining").asInt()).isZero();
    awaitRewrapped(KmsTestServer.arn(newKey), 2);
    assertThat(lastAudit("kms.rewrap_finished", KmsTestServer.arn(newKey)).get("details"))
        .asString()
        .contains("\"moved\": 0");
    assertThat(secrets.stream().map(s -> s.stored().wrappedKey()).toList())
        .containsExactlyElementsOf(wrappedBefore);
  }

  @Test
  void a_rewrap_interrupted_part_way_resumes_and_leaves_what_already_moved_alone()
      throws Exception {
    pointAliasAtNewKey();
    List<Secret> secrets = sealSecrets("resume", 4);
    String newKey = KmsTestServer.arn(pointAliasAtNewKey());
    // what a crashed run leaves behind: half of the rows moved, each by a conditional update
    List<Secret> movedByHand = secrets.subList(0, 2);
    for (Secret secret : movedByHand) {
      SecretBox.Sealed moved = box.rewrap(secret.stored(), newKey);
      update(
          secret.table().equals("database_server")
              ? "UPDATE database_server SET admin_encrypted_data_key = ?, kms_key_id = ?"
                  + " WHERE id = ?"
              : "UPDATE database_credential SET encrypted_data_key = ?, kms_key_id = ?"
                  + " WHERE id = ?",
          moved.wrappedKey(),
          moved.keyId(),
          secret.id());
    }
    List<byte[]> handWrapped = movedByHand.stream().map(s -> s.stored().wrappedKey()).toList();

    awaitNoPendingRewrap();
    rewrap(Map.of(), 202);
    awaitRewrapped(newKey, 1);

    assertThat(movedByHand.stream().map(s -> s.stored().wrappedKey()).toList())
        .containsExactlyElementsOf(handWrapped);
    for (Secret secret : secrets) {
      assertThat(secret.stored().keyId()).isEqualTo(newKey);
      assertThat(box.open(secret.stored(), secret.context())).isEqualTo(secret.value());
    }
  }

  @Test
  void while_kms_is_unreachable_rotation_and_sealing_fail_fast_with_503_and_nothing_is_enqueued()
      throws Exception {
    pointAliasAtNewKey();
    sealSecrets("outage", 1);
    String newKey = KmsTestServer.arn(pointAliasAtNewKey());
    awaitNoPendingRewrap();
    int startedBefore =
        query("SELECT id FROM audit_event WHERE action = 'kms.rewrap_started'").size();
    kms.setAvailable(false);
    try {
      problem(rewrapRequest(Map.of()), 503, "kms_unavailable");
      problem(service.client().get().uri("/v1/kms/keys"), 503, "kms_unavailable");
      problem(
          service
              .client()
              .post()
              .uri("/v1/database-servers")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(serverRequest("during-outage-" + UUID.randomUUID(), "s3cret")),
          503,
          "kms_unavailable");

      assertThat(query("SELECT task_instance FROM scheduled_tasks WHERE task_name = 'kms-rewrap'"))
          .isEmpty();
      assertThat(query("SELECT id FROM audit_event WHERE action = 'kms.rewrap_started'"))
          .hasSize(startedBefore);
    } finally {
      kms.setAvailable(true);
    }

    JsonNode accepted =
        JSON.readTree(
            service
                .client()
                .post()
                .uri("/v1/kms/rewrap")
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .returnResult()
                .getResponseBody());
    assertThat(accepted.get("key_id").asString()).isEqualTo(newKey);
    awaitRewrapped(newKey, 1);
    assertThat(service.get("/v1/kms/keys").get("data_keys").size()).isEqualTo(1);
  }

  @Test
  void a_key_the_key_manager_refuses_is_a_400_on_key_id_and_nothing_is_enqueued() {
    awaitNoPendingRewrap();

    JsonNode problem =
        problem(rewrapRequest(Map.of("key_id", "alias/no-such-key")), 400, "validation_failed");

    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("key_id");
    assertThat(problem.get("detail").asString()).contains("NotFoundException");
    assertThat(query("SELECT task_instance FROM scheduled_tasks WHERE task_name = 'kms-rewrap'"))
        .isEmpty();
  }

  @Test
  void concurrent_rewrap_requests_all_succeed_and_leave_every_secret_opening_under_the_new_key()
      throws Exception {
    pointAliasAtNewKey();
    List<Secret> secrets = sealSecrets("concurrent", 3);
    String newKey = KmsTestServer.arn(pointAliasAtNewKey());
    awaitNoPendingRewrap();

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<JsonNode>> requests = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        requests.add(() -> rewrap(Map.of(), 202));
      }
      for (Future<JsonNode> response : pool.invokeAll(requests)) {
        assertThat(response.get().get("key_id").asString()).isEqualTo(newKey);
      }
    } finally {
      pool.shutdownNow();
    }

    awaitRewrapped(newKey, 1);
    awaitNoPendingRewrap();
    for (Secret secret : secrets) {
      assertThat(secret.stored().keyId()).isEqualTo(newKey);
      assertThat(box.open(secret.stored(), secret.context())).isEqualTo(secret.value());
    }
  }

  /** A secret the test sealed, and where it is stored. */
  private record Secret(
      String table, UUID id, String context, String value, SecretBox.Sealed sealed) {

    SecretBox.Sealed stored() {
      String sql =
          table.equals("database_server")
              ? "SELECT admin_secret_cipher AS c, admin_encrypted_data_key AS k, kms_key_id"
                  + " FROM database_server WHERE id = ?"
              : "SELECT token_cipher AS c, encrypted_data_key AS k, kms_key_id"
                  + " FROM database_credential WHERE id = ?";
      Map<String, Object> row = query(sql, id).get(0);
      return new SecretBox.Sealed(
          (byte[]) row.get("c"), (byte[]) row.get("k"), (String) row.get("kms_key_id"));
    }
  }

  /** Creates a key, points the alias at it and answers its id. */
  private static String pointAliasAtNewKey() {
    String key = kms.createKey();
    kms.createAlias(ALIAS, key);
    return key;
  }

  /**
   * {@code n} database servers registered through the API with an admin secret (sealed by the
   * service) and {@code n} credential rows sealed by the test.
   */
  private static List<Secret> sealSecrets(String prefix, int n) throws Exception {
    List<Secret> secrets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String value = prefix + "-admin-secret-" + i;
      UUID id =
          UUID.fromString(
              service
                  .post(
                      "/v1/database-servers",
                      serverRequest(prefix + "-" + i + "-" + UUID.randomUUID(), value),
                      201)
                  .get("id")
                  .asString());
      Secret server = new Secret("database_server", id, "database_server:" + id, value, null);
      secrets.add(new Secret(server.table(), id, server.context(), value, server.stored()));

      UUID credentialId = UUID.randomUUID();
      String context = "kms-test-credential:" + credentialId;
      String token = prefix + "-token-" + i;
      SecretBox.Sealed sealed = box.seal(token, context);
      Timestamp now = Timestamp.from(Instant.now());
      update(
          "INSERT INTO database_credential (id, database_id, username, token_cipher,"
              + " encrypted_data_key, kms_key_id, scope, status, issued_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, 'readonly', 'active', ?, ?)",
          credentialId,
          databaseId,
          "kms_test_" + credentialId.toString().replace("-", ""),
          sealed.ciphertext(),
          sealed.wrappedKey(),
          sealed.keyId(),
          now,
          now);
      secrets.add(new Secret("database_credential", credentialId, context, token, sealed));
    }
    return secrets;
  }

  private static Map<String, Object> serverRequest(String name, String secret) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("driver", "postgres");
    body.put("region", "kms-test");
    body.put("name", name);
    body.put("admin_url", "jdbc:postgresql://127.0.0.1:" + deadPort + "/postgres");
    body.put("admin_username", "postgres");
    body.put("admin_secret", secret);
    return body;
  }

  private static JsonNode rewrap(Map<String, String> body, int status) {
    return service.post("/v1/kms/rewrap", body, status);
  }

  private static org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?>
      rewrapRequest(Map<String, String> body) {
    return service
        .client()
        .post()
        .uri("/v1/kms/rewrap")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body);
  }

  private static JsonNode problem(
      org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> request,
      int status,
      String code) {
    byte[] body =
        request
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();
    JsonNode problem = JSON.readTree(body);
    assertThat(problem.get("code").asString()).isEqualTo(code);
    assertThat(problem.toString()).doesNotContain("s3cret");
    return problem;
  }

  /** Waits until {@code runs} re-wraps to the key have finished and none is pending. */
  private static void awaitRewrapped(String keyId, int runs) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(
                        query(
                            "SELECT id FROM audit_event WHERE action = 'kms.rewrap_finished'"
                                + " AND details->>'key_id' = ?",
                            keyId))
                    .hasSizeGreaterThanOrEqualTo(runs));
    awaitNoPendingRewrap();
  }

  private static void awaitNoPendingRewrap() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(
                        query(
                            "SELECT task_instance FROM scheduled_tasks"
                                + " WHERE task_name = 'kms-rewrap'"))
                    .isEmpty());
  }

  private static Map<String, Object> lastAudit(String action, String keyId) {
    return query(
            "SELECT actor, details::text AS details FROM audit_event WHERE action = ?"
                + " AND details->>'key_id' = ? ORDER BY occurred_at DESC LIMIT 1",
            action,
            keyId)
        .get(0);
  }

  /** The data keys the listing counts under {@code keyId}, or all of them when null. */
  private static int count(JsonNode keys, String keyId) {
    int total = 0;
    for (JsonNode entry : keys.get("data_keys")) {
      if (keyId == null || entry.get("key_id").asString().equals(keyId)) {
        total += entry.get("count").asInt();
      }
    }
    return total;
  }

  private static List<Map<String, Object>> query(String sql, Object... parameters) {
    try (Connection connection = store.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          Map<String, Object> row = new HashMap<>();
          for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
            row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(String sql, Object... parameters) throws Exception {
    try (Connection connection = store.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }
}
