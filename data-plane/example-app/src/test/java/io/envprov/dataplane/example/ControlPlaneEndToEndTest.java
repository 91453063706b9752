package io.envprov.dataplane.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.libsql.testserver.LibsqlTestServer;
import io.envprov.testsupport.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example app against the real control plane (its runnable jar, started as a process on its
 * embedded defaults): users, memberships, session tokens and the connection broker are the real
 * ones; the notes land in real SQLite files, on a real PostgreSQL server and in a namespace of the
 * libSQL test server registered with it.
 *
 * <p>The control plane's jar is built by the reactor before this module ({@code
 * control-plane/target/control-plane-*-exec.jar}); the test fails, rather than skips, without it.
 */
class ControlPlaneEndToEndTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ADMIN_KEY = "ep_e2e-admin-key-" + UUID.randomUUID();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir static Path work;
  private static Process controlPlane;
  private static URI controlPlaneUrl;
  private static ConfigurableApplicationContext notesApp;
  private static NotesClient notes;
  private static EmbeddedPostgresServer postgres;
  private static LibsqlTestServer sqld;
  private static String organization;

  @BeforeAll
  static void start() throws Exception {
    int port = freePort();
    // Configured once: the control plane gets its port and nothing else (its session tokens'
    // issuer stays the default http://localhost:8080), and the data plane gets this URL and
    // nothing else; the data plane learns the issuer from the control plane.
    controlPlaneUrl = URI.create("http://127.0.0.1:" + port);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                controlPlaneJar().toString(),
                "--server.port=" + port)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("control-plane.log").toFile());
    builder.environment().put("CONTROL_PLANE_DATA_DIR", work.resolve("var").toString());
    builder.environment().put("CONTROL_PLANE_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
    builder.environment().remove("SERVER_PORT");
    builder.environment().remove("CONTROL_PLANE_PUBLIC_URL");
    builder.environment().remove("CONTROL_PLANE_DATABASE_URL");
    controlPlane = builder.start();
    awaitHealthy();

    organization =
        admin("POST", "/v1/organizations", Map.of("slug", "e2e", "name", "E2E"), 201)
            .get("id")
            .asString();
    // The data plane serves this organization only (issue 10: service accounts are scoped).
    String serviceToken =
        admin(
                "POST",
                "/v1/service-accounts",
                Map.of(
                    "name",
                    "notes",
                    "role",
                    "data_plane",
                    "organization_ids",
                    List.of(organization),
                    // The app creates its table itself (SchemaSetup): admin, asked for explicitly.
                    "max_scope",
                    "admin"),
                201)
            .get("key")
            .asString();
    notesApp =
        new SpringApplicationBuilder(NotesApplication.class)
            .run(
                "--server.port=0",
                "--dataplane.control-plane-url=" + controlPlaneUrl,
                "--dataplane.service-token=" + serviceToken,
                "--dataplane.session-revocation-interval=1s");
    notes =
        new NotesClient(
            Integer.parseInt(notesApp.getEnvironment().getProperty("local.server.port")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (notesApp != null) {
      notesApp.close();
    }
    if (controlPlane != null) {
      controlPlane.destroy();
      if (!controlPlane.waitFor(40, TimeUnit.SECONDS)) {
        controlPlane.destroyForcibly();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
    if (sqld != null) {
      sqld.close();
    }
  }

  @Test
  void a_data_plane_given_only_the_control_plane_url_accepts_its_session_tokens() throws Exception {
    // The issuer is the control plane's default public URL, not the address used here.
    String issuer =
        JSON.readTree(
                HTTP.send(
                        HttpRequest.newBuilder(
                                controlPlaneUrl.resolve("/.well-known/envprov-configuration"))
                            .GET()
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .get("issuer")
            .asString();
    assertThat(issuer).isNotEqualTo(controlPlaneUrl.toString());
    String environment = environment("configured-once", null);
    String frank = user("frank");
    member(frank, environment, "env_user");
    String token = session(key(frank), environment).get("token").asString();

    NotesClient.Response created = notes.post(token, "{\"text\":\"one setting\"}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(texts(notes.list(token))).containsExactly("one setting");
  }

  @Test
  void each_user_sees_only_the_notes_of_their_sessions_environment_and_switching_moves_them()
      throws Exception {
    String first = environment("first", null);
    String second = environment("second", null);
    String alice = user("alice");
    String bob = user("bob");
    member(alice, first, "env_user");
    member(bob, second, "env_user");
    String aliceToken = session(key(alice), first).get("token").asString();
    String bobToken = session(key(bob), second).get("token").asString();

    assertThat(notes.post(aliceToken, "{\"text\":\"alice's\"}").status()).isEqualTo(201);
    assertThat(notes.post(bobToken, "{\"text\":\"bob's\"}").status()).isEqualTo(201);

    assertThat(texts(notes.list(aliceToken))).containsExactly("alice's");
    assertThat(texts(notes.list(bobToken))).containsExactly("bob's");

    // Alice is no member of the second environment: the switch is refused, nothing changes.
    assertThat(
            send("PUT", "/v1/sessions/current", aliceToken, Map.of("active_environment_id", second))
                .statusCode())
        .isEqualTo(403);
    assertThat(texts(notes.list(aliceToken))).containsExactly("alice's");

    member(alice, second, "env_user");
    HttpResponse<String> switched =
        send("PUT", "/v1/sessions/current", aliceToken, Map.of("active_environment_id", second));
    assertThat(switched.statusCode()).isEqualTo(200);
    String switchedToken = JSON.readTree(switched.body()).get("token").asString();

    assertThat(texts(notes.list(switchedToken))).containsExactly("bob's");
  }

  @Test
  void a_viewers_session_reads_through_the_readonly_login_and_cannot_write() throws Exception {
    String environment = environment("viewed", null);
    String writer = user("wendy");
    String viewer = user("victor");
    member(writer, environment, "env_user");
    member(viewer, environment, "env_viewer");
    String writerToken = session(key(writer), environment).get("token").asString();
    JsonNode viewing = session(key(viewer), environment);
    assertThat(viewing.get("scope").asString()).isEqualTo("readonly");
    String viewerToken = viewing.get("token").asString();
    assertThat(notes.post(writerToken, "{\"text\":\"for all to see\"}").status()).isEqualTo(201);

    assertThat(texts(notes.list(viewerToken))).containsExactly("for all to see");
    assertThat(notes.post(viewerToken, "{\"text\":\"sneaked in\"}").status()).isNotEqualTo(201);

    assertThat(texts(notes.list(writerToken))).containsExactly("for all to see");
  }

  @Test
  void a_libsql_environment_is_routed_through_the_libsql_jdbc_driver() throws Exception {
    String adminKey = "sqld-admin-" + UUID.randomUUID();
    sqld = LibsqlTestServer.builder(work.resolve("sqld")).adminAuthKey(adminKey).start();
    admin(
        "POST",
        "/v1/database-servers",
        Map.of(
            "driver",
            "libsql",
            "region",
            "edge",
            "name",
            "sqld-e2e",
            "admin_url",
            sqld.adminUrl().toString(),
            "admin_secret",
            adminKey,
            "options",
            Map.of("sqlUrl", sqld.sqlUrl().toString()),
            "capacity",
            5),
        201);
    String environment = environment("edge", "libsql", "edge");
    String erin = user("erin");
    member(erin, environment, "env_user");
    String token = session(key(erin), environment).get("token").asString();

    assertThat(notes.post(token, "{\"text\":\"on the edge\"}").status()).isEqualTo(201);

    assertThat(texts(notes.list(token))).containsExactly("on the edge");
    String namespace =
        admin("GET", "/v1/environments/" + environment + "/database", null, 200)
            .get("database_name")
            .asString();
    assertThat(sqld.namespaceNames()).contains(namespace);
  }

  @Test
  void a_logout_is_honoured_by_the_data_plane_before_the_token_expires() throws Exception {
    String environment = environment("logout", null);
    String dave = user("dave");
    member(dave, environment, "env_user");
    String key = key(dave);
    String loggedOut = session(key, environment).get("token").asString();
    String stillOpen = session(key, environment).get("token").asString();
    assertThat(notes.list(loggedOut).status()).isEqualTo(200);

    assertThat(send("DELETE", "/v1/sessions/current", loggedOut, null).statusCode()).isEqualTo(204);

    // The token is good for 15 minutes more, but the data plane's next poll of the revocation
    // feed (every second here) refuses it; the user's other session is untouched.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int status = notes.list(loggedOut).status();
    while (status != 401 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = notes.list(loggedOut).status();
    }
    assertThat(status).isEqualTo(401);
    assertThat(notes.list(stillOpen).status()).isEqualTo(200);
  }

  @Test
  void a_request_without_a_bound_environment_is_refused() throws Exception {
    String carol = user("carol");
    String noEnvironment = session(key(carol), null).get("token").asString();

    assertThat(notes.list(null).status()).isEqualTo(401);
    assertThat(notes.list(noEnvironment).status()).isBetween(400, 499);
    assertThat(notes.list("not-a-token").status()).isEqualTo(401);
  }

  @Test
  void credential_rotation_under_concurrent_requests_fails_no_request() throws Exception {
    postgres = EmbeddedPostgresServer.start();
    String password = postgres.adminPassword();
    admin(
        "POST",
        "/v1/database-servers",
        Map.of(
            "driver", "postgres",
            "region", "pg",
            "name", "pg-e2e",
            "admin_url", postgres.adminUrl(),
            "admin_username", "postgres",
            "admin_secret", password,
            "capacity", 5),
        201);
    String environment = environment("pg", "postgres");
    String dave = user("dave");
    member(dave, environment, "env_user");
    String token = session(key(dave), environment).get("token").asString();
    assertThat(notes.post(token, "{\"text\":\"warm-up\"}").status()).isEqualTo(201);

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger requests = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService load = Executors.newFixedThreadPool(4);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      workers.add(
          load.submit(
              () -> {
                int i = 0;
                while (running.get()) {
                  try {
                    NotesClient.Response response =
                        i++ % 2 == 0
                            ? notes.post(token, "{\"text\":\"t" + thread + "-" + i + "\"}")
                            : notes.list(token);
                    requests.incrementAndGet();
                    if (response.status() >= 300) {
                      failures.add(response.status() + " " + response.body());
                    }
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
              }));
    }
    int rotations = 0;
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(3_000);
      for (JsonNode credential :
          admin("GET", "/v1/environments/" + environment + "/credentials", null, 200)
              .get("items")) {
        if (credential.get("status").asString().equals("active")
            && credential.get("created_by").asString().startsWith("system:")) {
          admin(
              "POST",
              "/v1/credentials/" + credential.get("id").asString() + "/rotate",
              Map.of(),
              201);
          rotations++;
        }
      }
    }
    running.set(false);
    for (Future<?> worker : workers) {
      worker.get(60, TimeUnit.SECONDS);
    }
    load.shutdown();

    assertThat(rotations).isGreaterThanOrEqualTo(8);
    assertThat(requests.get()).isGreaterThan(100);
    assertThat(failures).isEmpty();
  }

  @Test
  void
      an_in_place_restore_while_the_data_plane_is_routed_there_fails_no_request_and_the_restored_rows_are_seen_after()
          throws Exception {
    String environment = environment("restored-live", null);
    String ruth = user("ruth");
    member(ruth, environment, "env_user");
    String token = session(key(ruth), environment).get("token").asString();
    assertThat(notes.post(token, "{\"text\":\"kept 1\"}").status()).isEqualTo(201);
    assertThat(notes.post(token, "{\"text\":\"kept 2\"}").status()).isEqualTo(201);
    String backup =
        admin("POST", "/v1/environments/" + environment + "/backups", Map.of(), 202)
            .get("id")
            .asString();
    awaitFinished("/v1/backups/" + backup);
    assertThat(notes.post(token, "{\"text\":\"after the backup\"}").status()).isEqualTo(201);

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger requests = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService load = Executors.newFixedThreadPool(4);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      workers.add(
          load.submit(
              () -> {
                int i = 0;
                while (running.get()) {
                  try {
                    NotesClient.Response response =
                        i++ % 2 == 0
                            ? notes.list(token)
                            : notes.post(token, "{\"text\":\"load " + thread + "-" + i + "\"}");
                    requests.incrementAndGet();
                    if (response.status() >= 300) {
                      failures.add(response.status() + " " + response.body());
                    }
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
              }));
    }
    awaitRequests(requests, 20);

    JsonNode restoring =
        admin("POST", "/v1/backups/" + backup + "/restore", Map.of("target", "in_place"), 202);
    assertThat(restoring.get("status").asString()).isEqualTo("restoring");
    JsonNode operation =
        awaitFinished("/v1/operations/" + restoring.get("operation").get("id").asString());
    assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("succeeded");
    awaitRequests(requests, requests.get() + 20);
    running.set(false);
    for (Future<?> worker : workers) {
      worker.get(60, TimeUnit.SECONDS);
    }
    load.shutdown();

    assertThat(failures).isEmpty();
    assertThat(admin("GET", "/v1/environments/" + environment, null, 200).get("status").asString())
        .isEqualTo("active");
    List<String> after = texts(notes.list(token));
    assertThat(after).contains("kept 1", "kept 2").doesNotContain("after the backup");
  }

  /** Waits until the resource (a backup, an operation) has succeeded or failed; returns it. */
  private static JsonNode awaitFinished(String path) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode resource = admin("GET", path, null, 200);
      String status = resource.get("status").asString();
      if (status.equals("succeeded") || status.equals("failed")) {
        return resource;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " did not finish");
  }

  /** Waits until the load has made at least {@code count} requests. */
  private static void awaitRequests(AtomicInteger requests, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (requests.get() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the load made " + requests.get() + " requests, not " + count);
      }
      Thread.sleep(20);
    }
  }

  private static String environment(String slug, String driver) throws Exception {
    return environment(slug, driver, "pg");
  }

  private static String environment(String slug, String driver, String region) throws Exception {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("slug", slug);
    body.put("name", slug);
    body.put("env_type", "development");
    if (driver != null) {
      body.put("driver", driver);
      body.put("region", region);
    }
    String id =
        admin("POST", "/v1/organizations/" + organization + "/environments", body, 202)
            .get("id")
            .asString();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String status = admin("GET", "/v1/environments/" + id, null, 200).get("status").asString();
      if (status.equals("active")) {
        return id;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("environment " + slug + " did not turn active");
  }

  private static String user(String name) throws Exception {
    String id =
        admin(
                "POST",
                "/v1/users",
                Map.of("email", name + "-" + UUID.randomUUID() + "@example.com", "name", name),
                201)
            .get("id")
            .asString();
    admin(
        "PUT",
        "/v1/organizations/" + organization + "/members/" + id,
        Map.of("role", "org_member"),
        200);
    return id;
  }

  private static String key(String userId) throws Exception {
    return admin("POST", "/v1/users/" + userId + "/api-keys", Map.of(), 201).get("key").asString();
  }

  private static void member(String userId, String environment, String role) throws Exception {
    admin(
        "PUT", "/v1/environments/" + environment + "/members/" + userId, Map.of("role", role), 200);
  }

  private static JsonNode session(String key, String environment) throws Exception {
    Map<String, Object> body = new java.util.HashMap<>();
    if (environment != null) {
      body.put("active_environment_id", environment);
    }
    HttpResponse<String> response = send("POST", "/v1/sessions", key, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body());
  }

  private static JsonNode admin(String method, String path, Object body, int expected)
      throws Exception {
    HttpResponse<String> response = send(method, path, ADMIN_KEY, body);
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(expected);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> send(String method, String path, String token, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(controlPlaneUrl.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> texts(NotesClient.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> texts = new ArrayList<>();
    for (JsonNode note : response.json().get("notes")) {
      texts.add(note.get("text").asString());
    }
    return texts;
  }

  private static void awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!controlPlane.isAlive()) {
        throw new AssertionError(
            "the control plane exited: " + Files.readString(work.resolve("control-plane.log")));
      }
      try {
        HttpResponse<String> health =
            HTTP.send(
                HttpRequest.newBuilder(controlPlaneUrl.resolve("/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the control plane did not become healthy");
  }

  private static Path controlPlaneJar() throws IOException {
    Path target = Path.of("../../control-plane/target").toAbsolutePath().normalize();
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(f -> f.getFileName().toString().matches("control-plane-.*-exec\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no control-plane exec jar in "
                          + target
                          + "; build the whole reactor (mvn verify at the root)"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
