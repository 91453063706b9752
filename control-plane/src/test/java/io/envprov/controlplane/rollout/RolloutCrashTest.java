package io.envprov.controlplane.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.ControlPlaneApplication;
import io.envprov.testsupport.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control plane killed with SIGKILL in the middle of a rollout, then started again on the same
 * store (PostgreSQL) and data directory (the SQLite environments' files): the rollout carries on by
 * itself and succeeds, and every environment's own history records each migration of the package
 * exactly once, including the one whose install the kill interrupted (its transaction rolled back
 * by SQLite, its target left {@code running} in the store and run again after the restart).
 *
 * <p>Each control plane is its own JVM started from this module's runtime class path (as {@code
 * ReplicaFailoverTest} does), so the test needs no packaged jar and a real SIGKILL is possible.
 */
class RolloutCrashTest {

  private static final String ADMIN_KEY = "ep_rollout-crash-admin-key-0123456789abcdef";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The fleet: the organization's default environment and this many sandboxes. */
  private static final int SANDBOXES = 11;

  /** Rows migration 2 writes: enough that one install takes a measurable part of a second. */
  private static final int ROWS = 150_000;

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void a_rollout_interrupted_by_sigkill_continues_after_a_restart_and_no_migration_runs_twice()
      throws Exception {
    TestPostgres.Database store = TestPostgres.newDatabase();
    Path dataDir = Files.createDirectories(work.resolve("var"));
    Service first = start("first", store, dataDir);

    String organization =
        first
            .send("POST", "/v1/organizations", Map.of("slug", "crash", "name", "Crash"), 201)
            .get("id")
            .asString();
    for (int i = 0; i < SANDBOXES; i++) {
      first.send(
          "POST",
          "/v1/organizations/" + organization + "/environments",
          Map.of("slug", "crash-" + i, "name", "Crash " + i, "env_type", "sandbox"),
          202);
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (JsonNode environment :
        first.get("/v1/organizations/" + organization + "/environments?limit=500").get("items")) {
      String id = environment.get("id").asString();
      first.awaitEnvironment(id, "active");
      files.put(
          id,
          dataDir
              .resolve("sqlite")
              .resolve(
                  first.get("/v1/environments/" + id + "/database").get("database_name").asString()
                      + ".db")
              .toString());
    }
    assertThat(files).hasSize(SANDBOXES + 1);

    String pkg = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    first.send(
        "POST",
        "/v1/packages",
        Map.of(
            "name",
            pkg,
            "version",
            "1.0.0",
            "migrations",
            List.of(
                migration("1", "CREATE TABLE crash_rows (id INTEGER PRIMARY KEY, body TEXT)"),
                migration(
                    "2",
                    "INSERT INTO crash_rows (id, body) WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL"
                        + " SELECT x + 1 FROM n WHERE x < "
                        + ROWS
                        + ") SELECT x, hex(randomblob(16)) FROM n"),
                migration("3", "CREATE INDEX crash_rows_body ON crash_rows (body)"))),
        201);
    // One install at a time: the kill lands while one environment is being migrated, with some
    // done before it and most still to do.
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", pkg);
    body.put("version", "1.0.0");
    body.put("selector", Map.of("organization_id", organization));
    body.put(
        "strategy",
        Map.of("canary", 1, "batch_size", 3, "max_concurrency_per_server", 1, "max_failures", 0));
    String rollout = first.send("POST", "/v1/rollouts", body, 202).get("id").asString();

    JsonNode before = awaitMidway(first, rollout);
    first.process().destroyForcibly(); // SIGKILL: no shutdown hook, nothing finished gracefully
    assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(first.process().exitValue()).isEqualTo(137);
    // What the store says the dead control plane left: the truth the restart starts from.
    Map<String, String> atKill = targets(store, rollout);
    List<String> doneAtKill = having(atKill, "succeeded");
    List<String> runningAtKill = having(atKill, "running");
    System.out.printf(
        "rollout crash: killed with %s succeeded, %s running, %s pending (API: %s)%n",
        doneAtKill.size(),
        runningAtKill.size(),
        having(atKill, "pending").size(),
        before.get("counts"));
    for (String id : runningAtKill) {
      // Either the kill interrupted the install's transaction (SQLite rolls it back: no history
      // yet) or it came after the commit but before the store heard of it (the whole history).
      System.out.printf(
          "rollout crash: the interrupted environment's history at the kill: %s%n",
          hasTable(files.get(id), "sys_migrations_" + pkg) ? history(files.get(id), pkg) : "none");
    }
    assertThat(doneAtKill).isNotEmpty();
    assertThat(runningAtKill).as("an install interrupted by the kill").isNotEmpty();
    assertThat(having(atKill, "pending")).as("environments still to do").isNotEmpty();

    Service second = start("second", store, dataDir);
    JsonNode done = second.awaitRollout(rollout, "succeeded", Duration.ofSeconds(120));

    assertThat(done.get("counts").get("succeeded").asInt()).isEqualTo(SANDBOXES + 1);
    assertThat(done.get("first_errors").size()).isZero();
    Map<String, String> after = targets(store, rollout);
    assertThat(after.values()).containsOnly("succeeded");
    Map<String, Integer> attempts = attempts(store, rollout);
    for (String id : doneAtKill) {
      assertThat(attempts.get(id)).as("done before the kill, not run again: " + id).isEqualTo(1);
    }
    for (String id : runningAtKill) {
      assertThat(attempts.get(id)).as("interrupted, run again: " + id).isEqualTo(2);
    }
    for (Map.Entry<String, String> environment : files.entrySet()) {
      String file = environment.getValue();
      assertThat(history(file, pkg))
          .as("each migration recorded once in " + environment.getKey())
          .containsExactly("1 success x1", "2 success x1", "3 success x1");
      assertThat(single(file, "SELECT count(*) FROM crash_rows")).isEqualTo(ROWS);
      assertThat(single(file, "SELECT count(DISTINCT id) FROM crash_rows")).isEqualTo(ROWS);
      assertThat(
              single(
                  file,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                      + " AND name = 'crash_rows_body'"))
          .isEqualTo(1);
    }
    // The restarted control plane reads the same truth from each database.
    for (String id : files.keySet()) {
      JsonNode installed = null;
      for (JsonNode item : second.get("/v1/environments/" + id + "/packages").get("items")) {
        if (item.get("name").asString().equals(pkg)) {
          installed = item;
        }
      }
      assertThat(installed).as(id).isNotNull();
      assertThat(installed.get("version").asString()).isEqualTo("1.0.0");
      assertThat(installed.get("status").asString()).isEqualTo("installed");
      assertThat(installed.get("drift").asBoolean()).isFalse();
    }
  }

  /**
   * Waits until the rollout has finished some environments, is installing one and has more to do.
   */
  private static JsonNode awaitMidway(Service service, String rollout) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode current = service.get("/v1/rollouts/" + rollout);
      JsonNode counts = current.get("counts");
      assertThat(current.get("status").asString()).as(current.toString()).isEqualTo("running");
      if (counts.get("succeeded").asInt() >= 2
          && counts.get("running").asInt() >= 1
          && counts.get("pending").asInt() >= 3) {
        return current;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the rollout never got midway; log:\n" + service.tail());
  }

  // ---- the store and the environments' files

  /** Each target's status, by environment id. */
  private static Map<String, String> targets(TestPostgres.Database store, String rollout)
      throws SQLException {
    Map<String, String> statuses = new LinkedHashMap<>();
    try (Connection db = store.connect();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT environment_id, status FROM rollout_target WHERE rollout_id = ?::uuid"
                    + " ORDER BY position")) {
      query.setString(1, rollout);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          statuses.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return statuses;
  }

  private static Map<String, Integer> attempts(TestPostgres.Database store, String rollout)
      throws SQLException {
    Map<String, Integer> attempts = new LinkedHashMap<>();
    try (Connection db = store.connect();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT environment_id, attempts FROM rollout_target WHERE rollout_id = ?::uuid")) {
      query.setString(1, rollout);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          attempts.put(rows.getString(1), rows.getInt(2));
        }
      }
    }
    return attempts;
  }

  private static List<String> having(Map<String, String> statuses, String status) {
    return statuses.entrySet().stream()
        .filter(e -> e.getValue().equals(status))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The package's history in the file: each version with its outcome and how often recorded. */
  private static List<String> history(String file, String pkg) throws SQLException {
    List<String> history = new ArrayList<>();
    try (Connection database = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = database.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT version, success, count(*) FROM sys_migrations_"
                    + pkg
                    + " WHERE version IS NOT NULL GROUP BY version, success"
                    + " ORDER BY CAST(version AS INTEGER), success")) {
      while (rows.next()) {
        history.add(
            rows.getString(1)
                + (rows.getInt(2) == 1 ? " success" : " failed")
                + " x"
                + rows.getInt(3));
      }
    }
    return history;
  }

  private static boolean hasTable(String file, String table) throws SQLException {
    return single(
            file,
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")
        == 1;
  }

  private static int single(String file, String query) throws SQLException {
    try (Connection database = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = database.createStatement();
        ResultSet rows = sql.executeQuery(query)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static Map<String, Object> migration(String version, String sql) {
    Map<String, Object> migration = new LinkedHashMap<>();
    migration.put("version", version);
    migration.put("description", "migration " + version);
    migration.put("sql", sql);
    return migration;
  }

  // ---- the control plane as a process

  private Service start(String name, TestPostgres.Database store, Path dataDir) throws Exception {
    int port = freePort();
    Path log = work.resolve(name + ".log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            serviceClassPath(),
            ControlPlaneApplication.class.getName(),
            "--server.port=" + port,
            "--controlplane.data-dir=" + dataDir,
            "--controlplane.database.url=" + store.jdbcUrl(),
            "--controlplane.database.username=" + store.user(),
            "--controlplane.database.password=" + store.password(),
            "--controlplane.bootstrap-admin-key=" + ADMIN_KEY,
            "--controlplane.worker.name=" + name,
            // The killed control plane's execution is revived once its heartbeats stop: 2 s.
            "--controlplane.worker.polling-interval=500ms",
            "--controlplane.worker.heartbeat-interval=500ms",
            "--controlplane.worker.missed-heartbeats-limit=4");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("CONTROL_PLANE_"));
    builder.environment().remove("SERVER_PORT");
    Service service = new Service(builder.start(), URI.create("http://127.0.0.1:" + port), log);
    processes.add(service.process());
    service.awaitHealthy(Duration.ofSeconds(120));
    return service;
  }

  /** This module's runtime class path without its test classes: the service as it ships. */
  private static String serviceClassPath() {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(classPath.split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A control plane running as its own process, and requests to it as the platform admin. */
  private record Service(Process process, URI url, Path log) {

    void awaitHealthy(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        assertThat(process.isAlive()).as("the control plane exited; log:\n%s", tail()).isTrue();
        try {
          HttpResponse<String> health =
              HTTP.send(
                  HttpRequest.newBuilder(url.resolve("/actuator/health")).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
          if (health.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(200);
      }
      throw new AssertionError("the control plane is not healthy; log:\n" + tail());
    }

    JsonNode send(String method, String path, Object body, int status) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(url.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + ADMIN_KEY)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as(method + " " + path + ": " + response.body())
          .isEqualTo(status);
      return JSON.readTree(response.body());
    }

    JsonNode get(String path) throws Exception {
      return send("GET", path, null, 200);
    }

    void awaitEnvironment(String id, String status) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!get("/v1/environments/" + id).get("status").asString().equals(status)) {
        assertThat(System.nanoTime())
            .as("environment %s never %s", id, status)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
    }

    JsonNode awaitRollout(String id, String status, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        JsonNode current = get("/v1/rollouts/" + id);
        if (current.get("status").asString().equals(status)) {
          return current;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("rollout " + current + " never " + status + "; log:\n" + tail());
        }
        Thread.sleep(200);
      }
    }

    String tail() {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
      } catch (IOException e) {
        return "(log unreadable: " + e + ")";
      }
    }
  }
}
