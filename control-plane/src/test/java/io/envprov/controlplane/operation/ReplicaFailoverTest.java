package io.envprov.controlplane.operation;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two control-plane replicas, each its own JVM, on one PostgreSQL store and one data directory
 * (SQLite environment files must be reachable by whichever replica runs the operation). One of them
 * is killed with SIGKILL while it holds operations in flight; the other revives them once their
 * heartbeats stop (db-scheduler's dead-execution detection, set short here). Afterwards every
 * operation has succeeded exactly once and nothing is left over or missing: no second {@code
 * environment.activated}, no SQLite file without its row, no row without its file, no stray login.
 * The same holds when the replica is not killed but frozen past its heartbeats and then woken up in
 * the middle of operations already revived elsewhere (a long pause, a partition from the store).
 *
 * <p>The replicas run from this module's runtime class path, so the test needs no packaged jar.
 */
class ReplicaFailoverTest {

  private static final String ADMIN_KEY = "ep_replica-admin-key-0123456789abcdef";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int ORGANIZATIONS = 4;
  private static final int OPERATIONS = 200;

  /** Environments created through the replica that is then killed, all before it dies. */
  private static final int THROUGH_VICTIM = 120;

  @TempDir Path work;
  private final List<Replica> replicas = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Replica replica : replicas) {
      replica.process.destroy();
    }
    for (Replica replica : replicas) {
      if (!replica.process.waitFor(30, TimeUnit.SECONDS)) {
        replica.process.destroyForcibly();
      }
    }
  }

  @Test
  void a_replica_killed_mid_operation_leaves_every_operation_succeeded_once_and_nothing_orphaned()
      throws Exception {
    TestPostgres.Database store = TestPostgres.newDatabase();
    Path dataDir = Files.createDirectories(work.resolve("var"));
    // One after the other: the first creates the schema and the shared local KMS key file.
    // The victim works on two operations at a time: its queue backs up, so it surely holds picked
    // operations (up to three times its threads) when it dies.
    Replica victim = start("victim", store, dataDir, 2);
    Replica survivor = start("survivor", store, dataDir, 8);

    List<String> organizations = new ArrayList<>();
    List<String> environments = new ArrayList<>();
    for (int i = 0; i < ORGANIZATIONS; i++) {
      Replica through = i % 2 == 0 ? victim : survivor;
      JsonNode organization =
          through.post(
              "/v1/organizations", Map.of("slug", "org-" + i, "name", "Org " + i), 201, null);
      organizations.add(organization.get("id").asString());
      environments.add(organization.get("default_environment").get("id").asString());
    }

    List<String> held;
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      // Enough work that the victim is still busy when it dies: it picks what it enqueues at once.
      environments.addAll(
          createUntilFrozenHolding(clients, victim, organizations, store, THROUGH_VICTIM));
      held = heldBy(store, "victim");
      System.out.printf(
          "replica failover: killing the victim holding %d operations%n", held.size());
      victim.process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
      assertThat(victim.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(victim.process.exitValue()).isEqualTo(137);

      int created = environments.size() - ORGANIZATIONS;
      environments.addAll(
          create(clients, survivor, organizations, created, OPERATIONS - environments.size()));
    } finally {
      clients.shutdownNow();
    }
    assertThat(environments).hasSize(OPERATIONS).doesNotHaveDuplicates();

    try (Connection db = store.connect()) {
      awaitAllFinished(db, survivor, Duration.ofSeconds(90));
      assertEveryOperationSucceededOnce(db, environments);
      assertNoOrphans(db, dataDir.resolve("sqlite"));
      long revived = count(db, "SELECT count(*) FROM operation WHERE attempts > 1");
      System.out.printf(
          "replica failover: %d operations, %d attempted again after the SIGKILL%n",
          OPERATIONS, revived);
      // What the dead replica held can only have been finished by the survivor reviving it.
      assertThat(held).as("operations the killed replica held").isNotEmpty();
      assertThat(statusesOf(db, held)).as("their outcome").containsOnly("succeeded");
    }
  }

  @Test
  void a_replica_that_stalls_past_its_heartbeats_and_resumes_records_no_outcome_twice()
      throws Exception {
    TestPostgres.Database store = TestPostgres.newDatabase();
    Path dataDir = Files.createDirectories(work.resolve("var"));
    Replica victim = start("victim", store, dataDir, 1);
    Replica survivor = start("survivor", store, dataDir, 8);
    JsonNode organization =
        victim.post("/v1/organizations", Map.of("slug", "stall", "name", "Stall"), 201, null);
    List<String> organizations = List.of(organization.get("id").asString());
    List<String> environments = new ArrayList<>();
    environments.add(organization.get("default_environment").get("id").asString());

    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      environments.addAll(
          createUntilFrozenHolding(clients, victim, organizations, store, THROUGH_VICTIM));
    } finally {
      clients.shutdownNow();
    }
    // A long GC pause or a frozen VM: the victim's heartbeats stop, the survivor revives its
    // operations, and then the victim wakes up in the middle of them and carries on.
    List<String> held = heldBy(store, "victim");
    try {
      awaitTakenOver(store, "victim", Duration.ofSeconds(60));
    } finally {
      signal("CONT", victim);
    }

    try (Connection db = store.connect()) {
      awaitAllFinished(db, survivor, Duration.ofSeconds(90));
      Thread.sleep(2_000); // the victim's stale attempts finish too
      assertEveryOperationSucceededOnce(db, environments);
      assertNoOrphans(db, dataDir.resolve("sqlite"));
      assertThat(held).as("operations the stalled replica held").isNotEmpty();
      assertThat(statusesOf(db, held)).as("their outcome").containsOnly("succeeded");
    }
  }

  /**
   * Creates {@code count} environments through {@code victim}, then freezes it (SIGSTOP) and checks
   * that it holds picked operations; while it holds none (it was quicker than the requests), it is
   * woken and given a few more. Returns with the victim frozen holding work, so what happens to it
   * next cannot race its own progress. Creates at most {@code OPERATIONS} environments in all.
   */
  private List<String> createUntilFrozenHolding(
      ExecutorService clients,
      Replica victim,
      List<String> organizations,
      TestPostgres.Database store,
      int count)
      throws Exception {
    List<String> created = new ArrayList<>(create(clients, victim, organizations, 0, count));
    while (true) {
      signal("STOP", victim);
      if (pickedBy(store, "victim") > 0) {
        return created;
      }
      signal("CONT", victim);
      assertThat(created.size() + ORGANIZATIONS + 8)
          .as("the victim never held an operation")
          .isLessThanOrEqualTo(OPERATIONS);
      created.addAll(create(clients, victim, organizations, created.size(), 8));
    }
  }

  private static long pickedBy(TestPostgres.Database store, String replica) throws Exception {
    return heldBy(store, replica).size();
  }

  /** The operations (their ids) that {@code replica} has picked and not finished. */
  private static List<String> heldBy(TestPostgres.Database store, String replica) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection db = store.connect();
        var statement =
            db.prepareStatement(
                "SELECT task_instance FROM scheduled_tasks"
                    + " WHERE task_name = 'operation' AND picked AND picked_by = ?")) {
      statement.setString(1, replica);
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }

  private static List<String> statusesOf(Connection db, List<String> operationIds)
      throws SQLException {
    List<String> statuses = new ArrayList<>();
    try (var statement = db.prepareStatement("SELECT status FROM operation WHERE id = ?::uuid")) {
      for (String id : operationIds) {
        statement.setString(1, id);
        try (var rows = statement.executeQuery()) {
          statuses.add(rows.next() ? rows.getString(1) : "missing");
        }
      }
    }
    return statuses;
  }

  /** Waits until nothing is picked by {@code replica} any more: another replica took it over. */
  private static void awaitTakenOver(TestPostgres.Database store, String replica, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pickedBy(store, replica) > 0) {
      assertThat(System.nanoTime()).as("the survivor took the work over").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static void signal(String name, Replica replica) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(replica.process.pid()))
            .inheritIO()
            .start();
    assertThat(kill.waitFor()).isZero();
  }

  private List<String> create(
      ExecutorService clients, Replica through, List<String> organizations, int from, int count)
      throws Exception {
    List<Future<String>> created = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String organization = organizations.get(i % organizations.size());
      int n = i;
      created.add(
          clients.submit(
              () ->
                  through
                      .post(
                          "/v1/organizations/" + organization + "/environments",
                          Map.of("slug", "env-" + n, "name", "Env " + n, "env_type", "sandbox"),
                          202,
                          "replica-test-" + n)
                      .get("id")
                      .asString()));
    }
    List<String> ids = new ArrayList<>();
    for (Future<String> id : created) {
      ids.add(id.get(60, TimeUnit.SECONDS));
    }
    return ids;
  }

  private static void awaitAllFinished(Connection db, Replica survivor, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long unfinished = -1;
    while (System.nanoTime() < deadline) {
      unfinished =
          count(db, "SELECT count(*) FROM operation WHERE status IN ('pending','running')");
      if (unfinished == 0
          && count(db, "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'operation'") == 0) {
        return;
      }
      assertThat(survivor.process.isAlive()).as(survivor.tail()).isTrue();
      Thread.sleep(250);
    }
    throw new AssertionError(
        unfinished + " operations still unfinished; survivor log:\n" + survivor.tail());
  }

  private static void assertEveryOperationSucceededOnce(Connection db, List<String> environments)
      throws SQLException {
    Set<String> expected = new HashSet<>(environments);
    // One operation per environment, succeeded, with its attempts counted.
    Map<String, List<String>> operations = new HashMap<>();
    try (Statement statement = db.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT resource_id, kind, status, attempts, finished_at FROM operation")) {
      while (rows.next()) {
        String row =
            rows.getString("kind")
                + "/"
                + rows.getString("status")
                + "/attempts>0:"
                + (rows.getInt("attempts") > 0)
                + "/finished:"
                + (rows.getObject("finished_at") != null);
        operations.computeIfAbsent(rows.getString("resource_id"), k -> new ArrayList<>()).add(row);
      }
    }
    assertThat(operations.keySet()).isEqualTo(expected);
    assertThat(operations)
        .allSatisfy(
            (environment, rows) ->
                assertThat(rows)
                    .as(environment)
                    .containsExactly("provision/succeeded/attempts>0:true/finished:true"));
    // Every environment active, provisioned once, activated once in the audit log.
    assertThat(
            strings(
                db,
                "SELECT e.id FROM environment e JOIN environment_database d ON d.environment_id = e.id"
                    + " WHERE e.status = 'active' AND d.provisioned_at IS NOT NULL"))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(count(db, "SELECT count(*) FROM environment")).isEqualTo(expected.size());
    assertThat(
            strings(
                db, "SELECT resource_id FROM audit_event WHERE action = 'environment.activated'"))
        .as("one environment.activated per environment")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(count(db, "SELECT count(*) FROM audit_event WHERE action = 'environment.failed'"))
        .isZero();
  }

  private static void assertNoOrphans(Connection db, Path sqliteDir) throws Exception {
    // Every file is one environment's database, every database has its file, with its baseline.
    List<String> names = strings(db, "SELECT database_name FROM environment_database");
    Set<String> files;
    try (Stream<Path> entries = Files.list(sqliteDir)) {
      files =
          entries
              .map(path -> path.getFileName().toString())
              .filter(name -> !name.startsWith(".template-")) // each replica's private template
              .collect(Collectors.toSet());
    }
    // A write the killed replica had under way stays behind as its temporary file: never read as a
    // database, published under no name, and removed with the database when it is deleted. The
    // database it was for exists, complete, from the attempt that revived it.
    Set<String> partialWrites =
        files.stream()
            .filter(name -> name.startsWith(".") && name.endsWith(".tmp"))
            .collect(Collectors.toSet());
    for (String partial : partialWrites) {
      String database = partial.substring(1, partial.indexOf('.', 1));
      assertThat(names).as("the database of the partial write " + partial).contains(database);
    }
    files.removeAll(partialWrites);
    assertThat(files)
        .as("files in " + sqliteDir)
        .containsExactlyInAnyOrderElementsOf(names.stream().map(n -> n + ".db").toList());
    for (String name : names) {
      try (Connection sqlite =
              DriverManager.getConnection("jdbc:sqlite:" + sqliteDir.resolve(name + ".db"));
          Statement statement = sqlite.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*) FROM flyway_schema_history WHERE success = 1")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).as(name + " has its baseline").isPositive();
      }
    }
    // Logins: the admin and readwrite credential of each database, issued once, all active.
    assertThat(
            count(
                db,
                "SELECT count(*) FROM environment_database d WHERE (SELECT count(*) FROM"
                    + " database_credential c WHERE c.database_id = d.id AND c.status = 'active')"
                    + " <> 2"))
        .as("databases without exactly their two active credentials")
        .isZero();
    assertThat(count(db, "SELECT count(*) FROM database_credential")).isEqualTo(2L * names.size());
    assertThat(
            count(
                db,
                "SELECT count(*) FROM (SELECT resource_id FROM audit_event WHERE action ="
                    + " 'credential.issued' GROUP BY resource_id HAVING count(*) > 1) twice"))
        .as("credentials issued twice")
        .isZero();
  }

  private static long count(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static List<String> strings(Connection db, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private Replica start(String name, TestPostgres.Database store, Path dataDir, int threads)
      throws Exception {
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
            "--controlplane.worker.threads=" + threads,
            "--controlplane.worker.name=" + name,
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
    Replica replica = new Replica(builder.start(), URI.create("http://127.0.0.1:" + port), log);
    replicas.add(replica);
    replica.awaitHealthy(Duration.ofSeconds(90));
    return replica;
  }

  /**
   * The service's runtime class path: this module's classes and dependencies, without the test
   * classes (their configurations would be scanned into the service).
   */
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

  /** One replica: its process, its address and its log. */
  private record Replica(Process process, URI url, Path log) {

    void awaitHealthy(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        assertThat(process.isAlive()).as("replica exited; log:\n%s", tail()).isTrue();
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
      throw new AssertionError("replica not healthy; log:\n" + tail());
    }

    JsonNode post(String path, Object body, int status, String idempotencyKey) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(url.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + ADMIN_KEY)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (idempotencyKey != null) {
        request.header("Idempotency-Key", idempotencyKey);
      }
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
      return JSON.readTree(response.body());
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
