package io.envprov.libsql.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.envprov.libsql.auth.Ed25519Keys;
import io.envprov.libsql.auth.Jwts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test server's protocol edges, seen as raw HTTP the way sqld answers them. */
class LibsqlTestServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_KEY = "edge-admin-key";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Path directory;
  private static LibsqlTestServer server;

  @BeforeAll
  static void start() throws Exception {
    directory = Files.createTempDirectory("libsql-test-server-test");
    server =
        LibsqlTestServer.builder(directory)
            .adminAuthKey(ADMIN_KEY)
            .streamExpiry(Duration.ofMillis(300))
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    LibsqlTestServer.deleteRecursively(directory);
  }

  private static HttpResponse<String> post(
      URI base,
      String path,
      @Nullable String authorization,
      @Nullable String namespace,
      String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (namespace != null) {
      request.header("x-namespace", namespace);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> admin(String method, String path, @Nullable String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.adminUrl() + path))
            .header("Authorization", "Basic " + ADMIN_KEY)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String pipeline(@Nullable String baton, String... requests) {
    return "{\"baton\":"
        + (baton == null ? "null" : "\"" + baton + "\"")
        + ",\"requests\":["
        + String.join(",", requests)
        + "]}";
  }

  private static String execute(String sql) {
    return "{\"type\":\"execute\",\"stmt\":{\"sql\":\"" + sql + "\"}}";
  }

  @Test
  void aBatonIsSingleUseAndAnExpiredStreamAnswersStreamExpired() throws Exception {
    HttpResponse<String> opened =
        post(server.sqlUrl(), "/v2/pipeline", null, "default", pipeline(null, execute("SELECT 1")));
    String baton = JSON.readTree(opened.body()).path("baton").asText();
    HttpResponse<String> next =
        post(
            server.sqlUrl(), "/v2/pipeline", null, "default", pipeline(baton, execute("SELECT 2")));
    String nextBaton = JSON.readTree(next.body()).path("baton").asText();

    HttpResponse<String> reused =
        post(
            server.sqlUrl(), "/v2/pipeline", null, "default", pipeline(baton, execute("SELECT 3")));
    Thread.sleep(1200); // let the stream of nextBaton expire
    HttpResponse<String> expired =
        post(
            server.sqlUrl(),
            "/v3/pipeline",
            null,
            "default",
            pipeline(nextBaton, execute("SELECT 4")));

    assertThat(opened.statusCode()).isEqualTo(200);
    assertThat(nextBaton).isNotEqualTo(baton);
    assertThat(reused.statusCode()).isEqualTo(400);
    assertThat(expired.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(expired.body()).path("code").asText()).isEqualTo("STREAM_EXPIRED");
  }

  @Test
  void everyRequestOfAPipelineRunsAndStatementErrorsAreResults() throws Exception {
    HttpResponse<String> response =
        post(
            server.sqlUrl(),
            "/v2/pipeline",
            null,
            "default",
            pipeline(
                null,
                execute("SELEC 1"),
                execute("SELECT 1; SELECT 2"),
                execute(""),
                execute("SELECT * FROM missing_table"),
                execute("SELECT 42"),
                "{\"type\":\"close\"}"));
    JsonNode body = JSON.readTree(response.body());
    JsonNode results = body.path("results");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.path("baton").isNull()).isTrue();
    assertThat(results.get(0).path("error").path("code").asText()).isEqualTo("SQL_PARSE_ERROR");
    assertThat(results.get(1).path("error").path("code").asText()).isEqualTo("SQL_MANY_STATEMENTS");
    assertThat(results.get(2).path("error").path("code").asText()).isEqualTo("SQL_NO_STATEMENT");
    assertThat(results.get(3).path("error").path("code").asText()).isEqualTo("SQLITE_UNKNOWN");
    assertThat(
            results
                .get(4)
                .path("response")
                .path("result")
                .path("rows")
                .get(0)
                .get(0)
                .path("value")
                .asText())
        .isEqualTo("42");
    assertThat(results.get(5).path("type").asText()).isEqualTo("ok");
  }

  @Test
  void theNamespaceComesFromTheHeaderOrTheHostAndAnUnknownOneIs404() throws Exception {
    assertThat(admin("POST", "/v1/namespaces/tenant1/create", "{}").statusCode()).isEqualTo(200);
    String create =
        pipeline(null, execute("CREATE TABLE only_in_tenant1 (x)"), "{\"type\":\"close\"}");
    assertThat(post(server.sqlUrl(), "/v2/pipeline", null, "tenant1", create).statusCode())
        .isEqualTo(200);

    HttpResponse<String> unknown =
        post(server.sqlUrl(), "/v2/pipeline", null, "nobody", pipeline(null, execute("SELECT 1")));
    // 127.0.0.1 as Host means namespace "127", which does not exist
    HttpResponse<String> byHost =
        post(server.sqlUrl(), "/v2/pipeline", null, null, pipeline(null, execute("SELECT 1")));

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(byHost.statusCode()).isEqualTo(404);
    assertThat(byHost.body()).contains("127");
  }

  @Test
  void theAdminApiDemandsItsKeyAndRefusesDuplicates() throws Exception {
    HttpResponse<String> anonymous =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.adminUrl() + "/v1/namespaces/x1/create"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);

    assertThat(admin("POST", "/v1/namespaces/dup/create", "{}").statusCode()).isEqualTo(200);
    HttpResponse<String> again = admin("POST", "/v1/namespaces/dup/create", "{}");
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("already exists");
    assertThat(admin("DELETE", "/v1/namespaces/dup", null).statusCode()).isEqualTo(200);
    assertThat(admin("DELETE", "/v1/namespaces/dup", null).statusCode()).isEqualTo(404);
  }

  @Test
  void postingAConfigOverwritesTheKeysAndDemandsTheBlockFlags() throws Exception {
    KeyPair key = Ed25519Keys.generate();
    String pem = Ed25519Keys.pem(key.getPublic());
    assertThat(
            admin(
                    "POST",
                    "/v1/namespaces/locked/create",
                    JSON.createObjectNode().put("jwt_key", pem).toString())
                .statusCode())
        .isEqualTo(200);
    String token =
        "Bearer " + Jwts.sign(key.getPrivate(), "locked", "rw", Instant.now().plusSeconds(60));
    String select = pipeline(null, execute("SELECT 1"), "{\"type\":\"close\"}");
    assertThat(post(server.sqlUrl(), "/v2/pipeline", null, "locked", select).statusCode())
        .isEqualTo(401);
    assertThat(post(server.sqlUrl(), "/v2/pipeline", token, "locked", select).statusCode())
        .isEqualTo(200);

    HttpResponse<String> missingFlags = admin("POST", "/v1/namespaces/locked/config", "{}");
    HttpResponse<String> blockWrites =
        admin(
            "POST",
            "/v1/namespaces/locked/config",
            JSON.createObjectNode()
                .put("block_reads", false)
                .put("block_writes", true)
                .put("jwt_key", pem)
                .toString());
    HttpResponse<String> write =
        post(
            server.sqlUrl(),
            "/v2/pipeline",
            token,
            "locked",
            pipeline(null, execute("CREATE TABLE t (x)")));
    HttpResponse<String> withoutKey =
        admin(
            "POST",
            "/v1/namespaces/locked/config",
            "{\"block_reads\":false,\"block_writes\":false}");
    JsonNode config = JSON.readTree(admin("GET", "/v1/namespaces/locked/config", null).body());

    assertThat(missingFlags.statusCode()).isEqualTo(422);
    assertThat(blockWrites.statusCode()).isEqualTo(200);
    assertThat(
            JSON.readTree(write.body()).path("results").get(0).path("error").path("code").asText())
        .isEqualTo("BLOCKED");
    assertThat(withoutKey.statusCode()).isEqualTo(200);
    assertThat(config.path("jwt_key").isNull()).isTrue(); // overwritten, as sqld's POST does
  }

  @Test
  void aReadOnlyTokenWritingIsForbiddenAndAnExpiredTokenIsRefused() throws Exception {
    KeyPair key = Ed25519Keys.generate();
    admin(
        "POST",
        "/v1/namespaces/ro_ns/create",
        JSON.createObjectNode().put("jwt_key", Ed25519Keys.pem(key.getPublic())).toString());
    String reader = "Bearer " + Jwts.sign(key.getPrivate(), "ro_ns", "ro", null);
    String expired =
        "Bearer " + Jwts.sign(key.getPrivate(), "ro_ns", "rw", Instant.now().minusSeconds(5));
    String otherNamespace = "Bearer " + Jwts.sign(key.getPrivate(), "elsewhere", "rw", null);

    HttpResponse<String> read =
        post(server.sqlUrl(), "/v2/pipeline", reader, "ro_ns", pipeline(null, execute("SELECT 1")));
    HttpResponse<String> write =
        post(
            server.sqlUrl(),
            "/v2/pipeline",
            reader,
            "ro_ns",
            pipeline(null, execute("CREATE TABLE t (x)")));
    HttpResponse<String> late =
        post(
            server.sqlUrl(), "/v2/pipeline", expired, "ro_ns", pipeline(null, execute("SELECT 1")));
    HttpResponse<String> wrongId =
        post(
            server.sqlUrl(),
            "/v2/pipeline",
            otherNamespace,
            "ro_ns",
            pipeline(null, execute("SELECT 1")));

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(late.statusCode()).isEqualTo(401);
    assertThat(late.body()).contains("expired");
    assertThat(wrongId.statusCode()).isEqualTo(401);
  }
}
