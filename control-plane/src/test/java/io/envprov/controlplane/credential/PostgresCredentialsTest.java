package io.envprov.controlplane.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.controlplane.kms.KeyManagementException;
import io.envprov.controlplane.kms.KmsTestServer;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.support.RunningService;
import io.envprov.testsupport.EmbeddedPostgresServer;
import io.envprov.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Credentials end to end on a real PostgreSQL server, with secrets sealed through the real AWS SDK
 * against the KMS-protocol test server, and the control-plane store on its own embedded PostgreSQL
 * so its files can be searched for secrets.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresCredentialsTest {

  private static final String ADMIN_SECRET = "adm1n-s3cret-for-credential-tests";
  @TempDir static Path dataDir;
  @TempDir static Path storeDir;
  private static EmbeddedPostgresServer storeServer;
  private static EmbeddedPostgresServer server;
  private static KmsTestServer kms;
  private static RunningService service;
  private static TestPostgres.Database store;
  private static String environmentId;

  @BeforeAll
  static void start() throws Exception {
    storeServer = EmbeddedPostgresServer.start(storeDir);
    store =
        new TestPostgres.Database(
            storeServer.adminUrl(), EmbeddedPostgresServer.ADMIN, storeServer.adminPassword());
    server = EmbeddedPostgresServer.start(ADMIN_SECRET);
    kms = KmsTestServer.start();
    String keyId = kms.createKey();
    service =
        RunningService.start(
            store,
            dataDir,
            Map.of(
                "controlplane.kms.provider", "aws",
                "controlplane.kms.key-id", keyId,
                "controlplane.kms.region", KmsTestServer.REGION,
                "controlplane.kms.endpoint", kms.endpoint().toString(),
                "controlplane.kms.access-key-id", "test",
                "controlplane.kms.secret-access-key", "test",
                "controlplane.credentials.rotation-grace", "2s",
                // The sweep is driven by the tests, not by the schedule.
                "controlplane.credentials.rotation-interval", "1h"));
    service.post(
        "/v1/database-servers",
        Map.of(
            "driver", "postgres",
            "region", "cred-region",
            "name", "pg-credentials",
            "admin_url", server.adminUrl(),
            "admin_username", "postgres",
            "admin_secret", ADMIN_SECRET,
            "capacity", 50),
        201);
    String organization =
        service
            .post("/v1/organizations", Map.of("slug", "cred-org", "name", "Credentials"), 201)
            .get("id")
            .asString();
    environmentId =
        service
            .post(
                "/v1/organizations/" + organization + "/environments",
                Map.of(
                    "slug", "pg",
                    "name", "PG",
                    "env_type", "development",
                    "driver", "postgres",
                    "region", "cred-region"),
                202)
            .get("id")
            .asString();
    service.awaitStatus(environmentId, "active");
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (kms != null) {
      kms.close();
    }
    server.close();
    storeServer.close();
  }

  @Test
  void an_active_environment_already_has_its_admin_and_readwrite_credentials() {
    JsonNode items = service.get("/v1/environments/" + environmentId + "/credentials").get("items");

    List<String> scopes = new ArrayList<>();
    for (JsonNode item : items) {
      if (item.get("status").asString().equals("active")
          && item.get("created_by").asString().startsWith("system:")) {
        scopes.add(item.get("scope").asString());
      }
      assertThat(item.has("secret")).isFalse();
      assertThat(item.get("kms_key_id").asString()).startsWith("arn:aws:kms:");
    }
    assertThat(scopes).contains("admin", "readwrite");
  }

  @Test
  void an_issued_secret_connects_with_its_scope_and_is_never_shown_again() throws Exception {
    JsonNode readwrite = issue("readwrite");
    JsonNode readonly = issue("readonly");

    try (Connection connection = connect(readwrite)) {
      connection
          .createStatement()
          .execute(
              "INSERT INTO sys_package_installation (id, package_id, version, status)"
                  + " VALUES (gen_random_uuid(), 'pkg.rw', '1', 'installed')");
    }
    try (Connection connection = connect(readonly)) {
      assertThat(count(connection, "SELECT count(*) FROM sys_package_installation")).isPositive();
      assertThatThrownBy(
              () ->
                  connection
                      .createStatement()
                      .execute("DELETE FROM sys_package_installation WHERE package_id = 'pkg.rw'"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
    }
    String secret = readwrite.get("secret").asString();
    assertThat(readwrite.get("connection").toString()).doesNotContain(secret);
    assertThat(service.get("/v1/credentials/" + readwrite.get("id").asString()).toString())
        .doesNotContain(secret);
    assertThat(service.get("/v1/environments/" + environmentId + "/credentials").toString())
        .doesNotContain(secret);
  }

  @Test
  void rotation_keeps_sessions_and_the_old_secret_working_until_the_grace_period_ends()
      throws Exception {
    JsonNode old = issue("readwrite");
    try (Connection openSession = connect(old)) {
      JsonNode replacement =
          service.post("/v1/credentials/" + old.get("id").asString() + "/rotate", Map.of(), 201);

      assertThat(replacement.get("rotated_from").asString()).isEqualTo(old.get("id").asString());
      assertThat(replacement.get("secret").asString()).isNotEqualTo(old.get("secret").asString());
      JsonNode rotating = service.get("/v1/credentials/" + old.get("id").asString());
      assertThat(rotating.get("status").asString()).isEqualTo("rotating");
      assertThat(rotating.get("grace_until").isNull()).isFalse();
      assertThat(count(openSession, "SELECT 1")).isEqualTo(1);
      try (Connection again = connect(old);
          Connection fresh = connect(replacement)) {
        assertThat(count(again, "SELECT 1")).isEqualTo(1);
        assertThat(count(fresh, "SELECT 1")).isEqualTo(1);
      }
      service
          .client()
          .post()
          .uri("/v1/credentials/" + old.get("id").asString() + "/rotate")
          .exchange()
          .expectStatus()
          .isEqualTo(409);

      Thread.sleep(2_100); // the grace period configured for this test
      service.bean(RotationSweep.class).run();

      assertThat(
              service.get("/v1/credentials/" + old.get("id").asString()).get("status").asString())
          .isEqualTo("revoked");
      assertThatThrownBy(() -> connect(old))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isIn("28P01", "28000");
      try (Connection fresh = connect(replacement)) {
        assertThat(count(fresh, "SELECT 1")).isEqualTo(1);
      }
    }
  }

  @Test
  void two_sweeps_at_once_rotate_each_due_credential_exactly_once() throws Exception {
    List<String> due = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      due.add(issue("readonly").get("id").asString());
    }
    try (Connection connection = store.connect()) {
      // Issued a month ago, expiring within the rotation window.
      connection
          .createStatement()
          .execute(
              "UPDATE database_credential SET issued_at = now() - interval '30 days',"
                  + " expires_at = now() + interval '1 hour' WHERE id IN ("
                  + String.join(",", due.stream().map(id -> "'" + id + "'").toList())
                  + ")");
    }
    RotationSweep sweep = service.bean(RotationSweep.class);
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<RotationSweep.Result> first =
        CompletableFuture.supplyAsync(() -> awaitThen(go, sweep::run));
    CompletableFuture<RotationSweep.Result> second =
        CompletableFuture.supplyAsync(() -> awaitThen(go, sweep::run));
    go.countDown();

    int rotated = first.get().rotated() + second.get().rotated();

    assertThat(rotated).isGreaterThanOrEqualTo(due.size());
    try (Connection connection = store.connect()) {
      for (String id : due) {
        assertThat(
                count(
                    connection,
                    "SELECT count(*) FROM database_credential WHERE rotated_from = '" + id + "'"))
            .as("replacements of " + id)
            .isEqualTo(1);
        assertThat(service.get("/v1/credentials/" + id).get("status").asString())
            .isEqualTo("rotating");
      }
    }
  }

  @Test
  void a_kms_outage_fails_issue_and_rotate_with_503_and_creates_nothing_until_it_recovers()
      throws Exception {
    JsonNode existing = issue("readwrite");
    int rows = rows();
    int logins = loginsOnServer();
    kms.setAvailable(false);
    try {
      problem(
          service
              .client()
              .post()
              .uri("/v1/environments/" + environmentId + "/credentials")
              .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
              .bodyValue(Map.of("scope", "readwrite"))
              .exchange(),
          "kms_unavailable");
      problem(
          service
              .client()
              .post()
              .uri("/v1/credentials/" + existing.get("id").asString() + "/rotate")
              .exchange(),
          "kms_unavailable");
      assertThat(rows()).isEqualTo(rows);
      assertThat(loginsOnServer()).isEqualTo(logins);
      assertThat(
              service
                  .get("/v1/credentials/" + existing.get("id").asString())
                  .get("status")
                  .asString())
          .isEqualTo("active");
    } finally {
      kms.setAvailable(true);
    }

    JsonNode issued = issue("readwrite");
    JsonNode rotated =
        service.post("/v1/credentials/" + existing.get("id").asString() + "/rotate", Map.of(), 201);

    assertThat(rows()).isEqualTo(rows + 2);
    assertThat(loginsOnServer()).isEqualTo(logins + 2);
    try (Connection a = connect(issued);
        Connection b = connect(rotated)) {
      assertThat(count(a, "SELECT 1") + count(b, "SELECT 1")).isEqualTo(2);
    }
  }

  @Test
  void revoking_drops_the_login_now_and_revoking_again_changes_nothing() throws Exception {
    JsonNode credential = issue("readwrite");
    String id = credential.get("id").asString();

    JsonNode revoked = delete("/v1/credentials/" + id);
    JsonNode again = delete("/v1/credentials/" + id);

    assertThat(revoked.get("status").asString()).isEqualTo("revoked");
    assertThat(again.get("revoked_at")).isEqualTo(revoked.get("revoked_at"));
    assertThatThrownBy(() -> connect(credential)).isInstanceOf(SQLException.class);
    try (Connection connection = store.connect()) {
      assertThat(
              count(
                  connection,
                  "SELECT count(*) FROM audit_event WHERE action = 'credential.revoked'"
                      + " AND resource_id = '"
                      + id
                      + "'"))
          .isEqualTo(1);
    }
  }

  @Test
  void no_secret_reaches_the_store_files_the_logs_or_the_audit_trail(CapturedOutput output)
      throws Exception {
    JsonNode issued = issue("admin");
    JsonNode rotated =
        service.post("/v1/credentials/" + issued.get("id").asString() + "/rotate", Map.of(), 201);
    List<String> secrets =
        List.of(issued.get("secret").asString(), rotated.get("secret").asString());
    try (Connection connection = store.connect()) {
      connection.createStatement().execute("CHECKPOINT");
      for (String secret : secrets) {
        assertThat(
                count(
                    connection,
                    "SELECT count(*) FROM audit_event WHERE details::text LIKE '%" + secret + "%'"))
            .isZero();
      }
    }

    for (String secret : secrets) {
      assertThat(output.getAll()).doesNotContain(secret);
      assertThat(filesContaining(storeDir, secret)).isEmpty();
      assertThat(filesContaining(dataDir, secret)).isEmpty();
    }
    try (Connection connection = store.connect()) {
      assertThat(
              count(
                  connection,
                  "SELECT count(*) FROM audit_event WHERE action IN"
                      + " ('credential.issued', 'credential.rotated') AND resource_id IN ('"
                      + issued.get("id").asString()
                      + "', '"
                      + rotated.get("id").asString()
                      + "')"))
          .isEqualTo(2);
    }
  }

  @Test
  void a_ciphertext_copied_onto_another_row_does_not_open() throws Exception {
    String a = issue("readonly").get("id").asString();
    String b = issue("readonly").get("id").asString();
    try (Connection connection = store.connect()) {
      connection
          .createStatement()
          .execute(
              "UPDATE database_credential SET (token_cipher, encrypted_data_key, kms_key_id) ="
                  + " (SELECT token_cipher, encrypted_data_key, kms_key_id FROM database_credential"
                  + " WHERE id = '"
                  + a
                  + "') WHERE id = '"
                  + b
                  + "'");
    }
    CredentialRecords records = service.bean(CredentialRecords.class);
    SecretBox box = service.bean(SecretBox.class);
    StoredCredential original = records.find(UUID.fromString(a)).orElseThrow();
    StoredCredential moved = records.find(UUID.fromString(b)).orElseThrow();

    assertThat(box.open(original.sealed(), original.context())).isNotBlank();
    assertThatThrownBy(() -> box.open(moved.sealed(), moved.context()))
        .isInstanceOf(KeyManagementException.class);
  }

  @Test
  void bad_requests_are_refused_and_nothing_is_issued() throws Exception {
    int rows = rows();

    problemWithStatus(
        post("/v1/environments/" + environmentId + "/credentials", Map.of("scope", "superuser")),
        400,
        "validation_failed");
    problemWithStatus(
        post(
            "/v1/environments/" + environmentId + "/credentials",
            Map.of("scope", "readonly", "ttl_seconds", 5)),
        400,
        "validation_failed");
    problemWithStatus(
        post("/v1/environments/" + UUID.randomUUID() + "/credentials", Map.of("scope", "admin")),
        404,
        "not_found");
    problemWithStatus(
        service.client().post().uri("/v1/credentials/" + UUID.randomUUID() + "/rotate").exchange(),
        404,
        "not_found");

    assertThat(rows()).isEqualTo(rows);
  }

  private static JsonNode issue(String scope) {
    return service.post(
        "/v1/environments/" + environmentId + "/credentials", Map.of("scope", scope), 201);
  }

  private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(
      String path, Object body) {
    return service
        .client()
        .post()
        .uri(path)
        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static JsonNode delete(String path) {
    byte[] body =
        service
            .client()
            .delete()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
  }

  private static void problem(
      org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response,
      String code) {
    problemWithStatus(response, 503, code);
  }

  private static void problemWithStatus(
      org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response,
      int status,
      String code) {
    response
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo(code);
  }

  private static Connection connect(JsonNode credential) throws SQLException {
    JsonNode connection = credential.get("connection");
    Properties properties = new Properties();
    connection
        .get("properties")
        .properties()
        .forEach(e -> properties.put(e.getKey(), e.getValue().asString()));
    properties.put("user", connection.get("username").asString());
    properties.put("password", credential.get("secret").asString());
    return DriverManager.getConnection(connection.get("jdbc_url").asString(), properties);
  }

  private static int count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getInt(1);
    }
  }

  private static int rows() throws SQLException {
    try (Connection connection = store.connect()) {
      return count(connection, "SELECT count(*) FROM database_credential");
    }
  }

  private static int loginsOnServer() throws SQLException {
    try (Connection connection = server.admin("postgres")) {
      return count(
          connection, "SELECT count(*) FROM pg_roles WHERE rolcanlogin AND rolname LIKE 'c\\_%'");
    }
  }

  private static List<Path> filesContaining(Path root, String secret) throws IOException {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] content;
        try {
          content = Files.readAllBytes(file);
        } catch (IOException unreadable) {
          continue; // e.g. a socket or a file removed meanwhile
        }
        if (indexOf(content, needle) >= 0) {
          found.add(file);
        }
      }
    }
    return found;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static <T> T awaitThen(CountDownLatch go, java.util.function.Supplier<T> work) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return work.get();
  }
}
