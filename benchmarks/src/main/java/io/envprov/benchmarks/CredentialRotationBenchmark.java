package io.envprov.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The credential rotation sweep, measured: N credentials are issued through the API, made due for
 * rotation (their expiry moved into the rotation window, as time would), and the control plane's
 * scheduled sweep rotates them. Reported: the sweep's span (first to last replacement, from the
 * store's own timestamps), the wall time from "due" to "all rotated" (includes the wait for the
 * next scheduled run), and the cost per credential; against, in the same run, a baseline of the
 * work a rotation cannot avoid done directly over JDBC.
 *
 * <p>Usage: {@code benchmarks/run-credential-rotation.sh [--postgres N] [--sqlite N]} (defaults
 * 1000 and 10000).
 */
public final class CredentialRotationBenchmark {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CredentialRotationBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    Path jar = Path.of(options.get("jar"));
    int postgresCount = Integer.parseInt(options.getOrDefault("postgres", "1000"));
    int sqliteCount = Integer.parseInt(options.getOrDefault("sqlite", "10000"));
    int issueConcurrency = Integer.parseInt(options.getOrDefault("issue-concurrency", "4"));
    Path work = Files.createTempDirectory("rotation-bench-");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    System.out.printf(Locale.ROOT, "machine: %s%n", Machine.describe(JSON));

    try (EmbeddedDataServer store =
            EmbeddedDataServer.start(work.resolve("store"), true, Map.of());
        EmbeddedDataServer data = EmbeddedDataServer.start(work.resolve("data"), true, Map.of());
        ControlPlaneProcess service =
            ControlPlaneProcess.start(
                java,
                jar,
                List.of("-Xmx1g"),
                List.of(
                    "--controlplane.database.url=" + store.url("postgres"),
                    "--controlplane.database.username=" + EmbeddedDataServer.ADMIN,
                    "--controlplane.database.password=" + store.adminPassword(),
                    "--controlplane.credentials.rotation-interval=1s",
                    "--controlplane.credentials.rotation-grace=1h",
                    "--logging.level.io.envprov=WARN"),
                work)) {
      HttpClient http = HttpClient.newHttpClient();
      service.awaitHealthy(http, Duration.ofMinutes(3));
      Api api = new Api(http, service.baseUri(), service.adminKey());
      String organization =
          api.post("/v1/organizations", Map.of("slug", "rotation-bench", "name", "Bench"), 201)
              .get("id")
              .asString();

      api.post(
          "/v1/database-servers",
          Map.of(
              "driver",
              "postgres",
              "region",
              "bench",
              "name",
              "bench-pg",
              "admin_url",
              data.url("postgres"),
              "admin_username",
              EmbeddedDataServer.ADMIN,
              "admin_secret",
              data.adminPassword(),
              "capacity",
              10),
          201);
      String postgresEnv = environment(api, organization, "pg", "postgres");
      String sqliteEnv = environment(api, organization, "lite", "sqlite");

      if (postgresCount > 0) {
        Result pg = sweep(api, store, postgresEnv, postgresCount, issueConcurrency);
        double baseline = postgresBaseline(data, postgresEnv, api, postgresCount);
        report("postgres", postgresCount, pg, baseline, "CREATE ROLE ... LOGIN IN ROLE + DROP");
      }
      if (sqliteCount > 0) {
        Result lite = sweep(api, store, sqliteEnv, sqliteCount, issueConcurrency);
        double baseline = storeBaseline(store, sqliteCount);
        report("sqlite", sqliteCount, lite, baseline, "INSERT + UPDATE per credential");
      }
    }
  }

  private record Result(double issueSeconds, double spanSeconds, double wallSeconds) {}

  private static Result sweep(Api api, EmbeddedDataServer store, String env, int count, int c)
      throws Exception {
    long issueStart = System.nanoTime();
    List<String> ids = new ArrayList<>(count);
    ExecutorService pool = Executors.newFixedThreadPool(c);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(
            pool.submit(
                () ->
                    api.post(
                            "/v1/environments/" + env + "/credentials",
                            Map.of("scope", "readonly"),
                            201)
                        .get("id")
                        .asString()));
      }
      for (Future<String> future : futures) {
        ids.add(future.get());
      }
    } finally {
      pool.shutdown();
    }
    double issueSeconds = (System.nanoTime() - issueStart) / 1e9;
    try (Connection connection = store.admin("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE bench_ids (id uuid PRIMARY KEY); INSERT INTO bench_ids SELECT"
              + " unnest(ARRAY["
              + String.join(",", ids.stream().map(id -> "'" + id + "'::uuid").toList())
              + "])");
      long due = System.nanoTime();
      Instant dueAt = Instant.now();
      statement.execute(
          "UPDATE database_credential SET issued_at = now() - interval '30 days', expires_at ="
              + " now() + interval '1 hour' WHERE id IN (SELECT id FROM bench_ids)");
      int rotated = 0;
      long deadline = due + Duration.ofMinutes(20).toNanos();
      while (rotated < count && System.nanoTime() < deadline) {
        Thread.sleep(100);
        try (ResultSet row =
            statement.executeQuery(
                "SELECT count(*) FROM database_credential WHERE rotated_from IN (SELECT id FROM"
                    + " bench_ids)")) {
          row.next();
          rotated = row.getInt(1);
        }
      }
      double wall = (System.nanoTime() - due) / 1e9;
      if (rotated < count) {
        throw new IllegalStateException(rotated + " of " + count + " rotated in 20 minutes");
      }
      try (ResultSet row =
          statement.executeQuery(
              "SELECT extract(epoch FROM max(issued_at) - least(min(issued_at), '"
                  + dueAt
                  + "'::timestamptz)) FROM database_credential WHERE rotated_from IN (SELECT id"
                  + " FROM bench_ids)")) {
        row.next();
        return new Result(issueSeconds, row.getDouble(1), wall);
      }
    }
  }

  /** The login work one rotation needs on the server, done directly: create the login, drop one. */
  private static double postgresBaseline(EmbeddedDataServer data, String env, Api api, int count)
      throws Exception {
    String database =
        api.get("/v1/environments/" + env).get("database").get("database_name").asString();
    String group = database + "_readonly";
    try (Connection connection = data.admin("postgres")) {
      boolean groupExists;
      try (PreparedStatement check =
          connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
        check.setString(1, group);
        try (ResultSet row = check.executeQuery()) {
          groupExists = row.next();
        }
      }
      long start = System.nanoTime();
      try (Statement statement = connection.createStatement()) {
        for (int i = 0; i < count; i++) {
          String name = "bench_" + HexFormat.of().formatHex(randomBytes(12));
          statement.execute(
              "CREATE ROLE "
                  + name
                  + " LOGIN PASSWORD '"
                  + HexFormat.of().formatHex(randomBytes(24))
                  + "'"
                  + (groupExists ? " IN ROLE " + group : ""));
          statement.execute("DROP ROLE " + name);
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  /** The store work one rotation needs, done directly: insert the replacement, update the old. */
  private static double storeBaseline(EmbeddedDataServer store, int count) throws SQLException {
    try (Connection connection = store.admin("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE bench_rows (id bigint PRIMARY KEY, secret bytea, status text)");
      long start = System.nanoTime();
      try (PreparedStatement insert =
              connection.prepareStatement("INSERT INTO bench_rows VALUES (?, ?, 'active')");
          PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE bench_rows SET status = 'rotating' WHERE id = ?")) {
        for (int i = 0; i < count; i++) {
          insert.setLong(1, i);
          insert.setBytes(2, randomBytes(64));
          insert.executeUpdate();
          update.setLong(1, i);
          update.executeUpdate();
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private static void report(
      String driver, int count, Result result, double baseline, String what) {
    System.out.printf(
        Locale.ROOT,
        "%s: %d credentials issued through the API in %.1f s; sweep span %.1f s (%.2f ms per"
            + " credential), due-to-all-rotated wall time %.1f s; baseline (%s, sequential over"
            + " JDBC) %.1f s (%.2f ms each); ratio sweep/baseline %.2f%n",
        driver,
        count,
        result.issueSeconds(),
        result.spanSeconds(),
        result.spanSeconds() * 1000 / count,
        result.wallSeconds(),
        what,
        baseline,
        baseline * 1000 / count,
        result.spanSeconds() / baseline);
  }

  private static String environment(Api api, String organization, String slug, String driver)
      throws Exception {
    String id =
        api.post(
                "/v1/organizations/" + organization + "/environments",
                Map.of(
                    "slug", slug,
                    "name", slug,
                    "env_type", "development",
                    "driver", driver,
                    "region", driver.equals("postgres") ? "bench" : "local"),
                202)
            .get("id")
            .asString();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      String status = api.get("/v1/environments/" + id).get("status").asString();
      if (status.equals("active")) {
        return id;
      }
      if (status.equals("failed")) {
        throw new IllegalStateException("environment " + slug + " failed");
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("environment " + slug + " did not turn active");
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    if (!options.containsKey("jar")) {
      throw new IllegalArgumentException("--jar <control-plane exec jar> is required");
    }
    return options;
  }

  /** A small JSON client of the control plane's API. */
  private record Api(HttpClient http, URI base, String key) {

    JsonNode post(String path, Object body, int expected) throws Exception {
      return send(
          HttpRequest.newBuilder(base.resolve(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
          expected);
    }

    JsonNode get(String path) throws Exception {
      return send(HttpRequest.newBuilder(base.resolve(path)).GET(), 200);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws Exception {
      HttpResponse<String> response =
          http.send(
              request
                  .header("Authorization", "Bearer " + key)
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    }
  }
}
