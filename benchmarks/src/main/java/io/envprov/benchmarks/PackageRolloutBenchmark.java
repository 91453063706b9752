package io.envprov.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures a package rollout across the fleet through the control plane's HTTP API and compares it,
 * in the same run, with doing the same work to the same databases directly.
 *
 * <h2>What one run does</h2>
 *
 * <ol>
 *   <li>Starts the control-plane exec jar (embedded store, SQLite data plane) and, unless {@code
 *       --postgres-count 0}, an embedded PostgreSQL data server registered through the API.
 *   <li>Per driver (SQLite, then PostgreSQL): provisions {@code --*-count} sandbox environments
 *       (not measured) and issues each an {@code admin} credential (not measured).
 *   <li><b>Baseline</b>, at {@code --concurrency} workers over the same databases: SQLite: a plain
 *       Flyway migrate of the two migrations into each file (history table of its own); PostgreSQL:
 *       the raw loop: connect as the environment's admin credential, run the two statements and
 *       insert the {@code sys_package_installation} row, in one transaction. The baseline's tables
 *       carry a {@code raw_} prefix, so the service's own run finds nothing of its package.
 *   <li><b>Service</b>: publishes the package {@code bench} 1.0.0 (the same two migrations) and
 *       starts a rollout over those environments ({@code selector.drivers}, {@code env_types:
 *       [sandbox]}) with {@code max_concurrency_per_server} = {@code --concurrency}; the time is
 *       from the POST to the first {@code GET /v1/rollouts/{id}} that reports {@code succeeded}.
 *   <li><b>Canary failure</b> (SQLite): a rollout of a package whose migration fails; reports how
 *       many environments it touched before it paused by itself.
 *   <li>Prints the times, the ratios service/baseline and the targets; writes {@code
 *       benchmarks/results/package-rollout-<stamp>.json}.
 * </ol>
 *
 * <pre>
 * benchmarks/run-package-rollout.sh --sqlite-count 1000 --postgres-count 200 --concurrency 4
 * </pre>
 */
public final class PackageRolloutBenchmark {

  static final String USAGE =
      """
      usage: run-package-rollout.sh [options]
        --sqlite-count N         SQLite environments upgraded (default 1000; 0 skips)
        --postgres-count N       PostgreSQL environments upgraded on one server (default 200; 0 skips)
        --concurrency N          baseline workers = the rollout's max_concurrency_per_server (default 4)
        --batch-size N           the rollout's batch size (default 100)
        --service-jvm-arg ARG    extra JVM option for the service; repeatable
        --service-arg ARG        extra application argument for the service; repeatable
        --jar PATH               the control-plane exec jar
        --results-dir DIR        where the JSON result goes (default benchmarks/results)
        --keep-data              keep the run's temporary directory
      """;

  // Version 1.0.0 of the package is MIGRATION_1 (installed first, not measured); 1.1.0 adds the
  // two others: the measured upgrade. %s is the baseline's table prefix ("raw_") or nothing.
  private static final String MIGRATION_1 =
      "CREATE TABLE %scontacts (id integer PRIMARY KEY, name text NOT NULL, email text,"
          + " created_at timestamp DEFAULT CURRENT_TIMESTAMP)";
  private static final String MIGRATION_2 = "CREATE INDEX %scontacts_email ON %scontacts (email)";
  private static final String MIGRATION_3 = "ALTER TABLE %scontacts ADD COLUMN phone text";
  private static final String PG_REGION = "local";

  private final Options options;
  private final HarnessOptions harness;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final PrintStream out = System.out;
  private final Instant started = Instant.now();
  private final Map<Integer, Path> rawMigrationDirs = new java.util.HashMap<>();

  /**
   * The command line.
   *
   * @param sqliteCount SQLite environments
   * @param postgresCount PostgreSQL environments
   * @param batchSize the rollout's batch size
   * @param harness the options every harness takes
   */
  record Options(int sqliteCount, int postgresCount, int batchSize, HarnessOptions harness) {

    static Options parse(String[] args) {
      HarnessOptions.Builder common = new HarnessOptions.Builder(0);
      CommandLine line = common.commandLine(args);
      int sqlite = 1000;
      int postgres = 200;
      int batch = 100;
      while (line.next()) {
        switch (line.name()) {
          case "--sqlite-count" -> sqlite = line.atLeast(0);
          case "--postgres-count" -> postgres = line.atLeast(0);
          case "--batch-size" -> batch = line.atLeast(1);
          default -> common.take(line);
        }
      }
      return new Options(sqlite, postgres, batch, common.build());
    }
  }

  private PackageRolloutBenchmark(Options options) {
    this.options = options;
    this.harness = options.harness();
  }

  /** Runs the benchmark: exit 0 when it completed, 1 when it failed, 2 on a bad command line. */
  public static void main(String[] args) {
    CommandLine.main(
        args, Options::parse, USAGE, options -> new PackageRolloutBenchmark(options).run());
  }

  private int run() throws Exception {
    RunDirectory dir = RunDirectory.create(harness, "envprov-bench-", "package-rollout", started);
    ObjectNode result = dir.newResult(json, started);
    out.printf(
        Locale.ROOT,
        "envprov package rollout benchmark %s: %d SQLite + %d PostgreSQL environments,"
            + " concurrency %d, batch size %d%n",
        dir.stamp(),
        options.sqliteCount(),
        options.postgresCount(),
        harness.concurrency(),
        options.batchSize());
    out.println(dir.machineLine());
    HarnessService service = HarnessService.start(harness, dir.work(), out);
    EmbeddedDataServer data = null;
    try {
      service.awaitHealthy(result.putObject("service"), true);
      ControlPlaneClient client = service.client(json);
      publish(client, "bench", "1.0.0", MIGRATION_1.formatted(""));
      publish(
          client,
          "bench",
          "1.1.0",
          MIGRATION_1.formatted(""),
          MIGRATION_2.formatted("", ""),
          MIGRATION_3.formatted(""));
      if (options.sqliteCount() > 0) {
        ObjectNode node = result.putObject("sqlite");
        List<Env> envs = provision(client, "sqlite", null, options.sqliteCount(), node);
        compare(client, "sqlite", envs, node, new FlywayLoop(), null);
        canaryFailure(client, node);
      }
      if (options.postgresCount() > 0) {
        data = EmbeddedDataServer.start(dir.work().resolve("data-server"), true, Map.of());
        register(client, data);
        ObjectNode node = result.putObject("postgres");
        List<Env> envs = provision(client, "postgres", PG_REGION, options.postgresCount(), node);
        EmbeddedDataServer server = data;
        compare(
            client,
            "postgres",
            envs,
            node,
            new RawLoop(),
            () -> PgCpu.sample(service.process(), server));
      }
      result.put("completed", true);
    } finally {
      result.put("finished_at", Instant.now().toString());
      result.put("stop", service.stop());
      if (data != null) {
        data.close();
      }
      dir.copy(service.process().logFile(), "control-plane.log");
      dir.finish(json, result, out);
    }
    out.println("result written to " + dir.resultFile());
    return 0;
  }

  /** An environment of the run, with the admin credential the baseline connects with. */
  record Env(String id, String jdbcUrl, Properties login) {}

  /** The direct side of the comparison, one database at a time. */
  interface Baseline {
    /** Brings the database to the first version (not measured). */
    void install(Env env) throws Exception;

    /** Upgrades it by the two migrations (measured). */
    void upgrade(Env env) throws Exception;
  }

  private List<Env> provision(
      ControlPlaneClient client, String driver, String region, int count, ObjectNode node)
      throws Exception {
    ApiProvisioner provisioner =
        new ApiProvisioner(
            client, harness.pollInterval(), harness.environmentTimeout(), driver, region, 10);
    int perOrg = 500;
    List<String> orgs = new ArrayList<>();
    for (int i = 0; i * perOrg < count; i++) {
      String slug = "bench-" + driver + "-" + i + "-" + Long.toHexString(started.toEpochMilli());
      orgs.add(
          provisioner.createOrganization(slug.substring(0, Math.min(slug.length(), 60)), slug));
    }
    String[] ids = new String[count];
    long begin = System.nanoTime();
    ConcurrentRun.run(
        "provision " + driver,
        count,
        harness.concurrency(),
        i -> ids[i] = provisioner.provision(orgs.get(i / perOrg), "env-" + i).environmentId());
    List<Env> envs = new ArrayList<>(count);
    for (String id : ids) {
      JsonNode issued =
          client.send(
              "POST",
              "/v1/environments/" + id + "/credentials",
              json.createObjectNode().put("scope", "admin"),
              201);
      JsonNode connection = issued.path("connection");
      Properties login = new Properties();
      connection
          .path("properties")
          .properties()
          .forEach(p -> login.put(p.getKey(), p.getValue().asString()));
      login.put("user", connection.path("username").asString());
      login.put("password", issued.path("secret").asString());
      envs.add(new Env(id, connection.path("jdbc_url").asString(), login));
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    node.put("environments", count);
    node.put("setup_seconds", LatencyStats.round(seconds));
    out.printf(Locale.ROOT, "[%s] %d environments provisioned in %.1f s%n", driver, count, seconds);
    return envs;
  }

  private void compare(
      ControlPlaneClient client,
      String driver,
      List<Env> envs,
      ObjectNode node,
      Baseline baseline,
      java.util.function.@Nullable Supplier<PgCpu> cpu)
      throws Exception {
    // The first version everywhere, both sides, not measured: the issue measures an upgrade.
    ConcurrentRun.run(
        "baseline install " + driver,
        envs.size(),
        harness.concurrency(),
        i -> baseline.install(envs.get(i)));
    long firstBegin = System.nanoTime();
    JsonNode first =
        awaitSettled(
            client,
            startRollout(client, "bench", "1.0.0", driver, 1, options.batchSize())
                .path("id")
                .asString());
    double firstSeconds = (System.nanoTime() - firstBegin) / 1e9;
    if (!"succeeded".equals(first.path("status").asString())) {
      throw new IllegalStateException("the first rollout did not succeed: " + first);
    }
    out.printf(
        Locale.ROOT,
        "[%s] first install (1.0.0, not compared): %d environments in %.2f s%n",
        driver,
        envs.size(),
        firstSeconds);
    node.put("first_install_seconds", LatencyStats.round(firstSeconds));

    PgCpu before = cpu == null ? null : cpu.get();
    ConcurrentRun.Result direct =
        ConcurrentRun.run(
            "baseline " + driver,
            envs.size(),
            harness.concurrency(),
            i -> baseline.upgrade(envs.get(i)));
    PgCpu between = cpu == null ? null : cpu.get();
    double baselineSeconds = direct.wallSeconds();
    out.printf(
        Locale.ROOT,
        "[%s] baseline: %d databases in %.2f s (%.1f/s), per database %s%n",
        driver,
        envs.size(),
        baselineSeconds,
        direct.perSecond(),
        direct.stats().line());

    long begin = System.nanoTime();
    Instant measuredFrom = Instant.now();
    JsonNode rollout = startRollout(client, "bench", "1.1.0", driver, 1, options.batchSize());
    JsonNode finished = awaitSettled(client, rollout.path("id").asString());
    double clientSeconds = (System.nanoTime() - begin) / 1e9;
    // The rollout's own span, by the service's clock: from its creation to its last target. The
    // client polls only every 200 ms, so that the polling costs the measured service little; what
    // the client saw (POST to the first answer saying succeeded) is reported too.
    double serviceSeconds =
        ApiProvisioner.millisBetween(
                ApiProvisioner.timestamp(finished, "created_at"),
                ApiProvisioner.timestamp(finished, "finished_at"))
            / 1000.0;
    // For a profile of the service (--service-jvm-arg=-XX:StartFlightRecording=...): the window.
    out.printf("[%s] rollout measured from %s to %s%n", driver, measuredFrom, Instant.now());
    if (cpu != null) {
      PgCpu after = cpu.get();
      cpuLine(driver, "baseline", between.since(before), envs.size(), node);
      cpuLine(driver, "rollout", after.since(between), envs.size(), node);
    }
    if (!"succeeded".equals(finished.path("status").asString())) {
      throw new IllegalStateException("the rollout did not succeed: " + finished);
    }
    long succeeded = finished.path("counts").path("succeeded").asLong();
    if (succeeded != envs.size()) {
      throw new IllegalStateException(
          "the rollout upgraded " + succeeded + " of " + envs.size() + ": " + finished);
    }
    double ratio = serviceSeconds / baselineSeconds;
    out.printf(
        Locale.ROOT,
        "[%s] rollout: %d environments in %.2f s (%.1f/s; the client saw %.2f s); ratio to the"
            + " baseline %.2fx%n",
        driver,
        envs.size(),
        serviceSeconds,
        envs.size() / serviceSeconds,
        clientSeconds,
        ratio);
    node.put("baseline_seconds", LatencyStats.round(baselineSeconds));
    direct.stats().writeTo(node.putObject("baseline_per_database"));
    node.put("rollout_seconds", LatencyStats.round(serviceSeconds));
    node.put("rollout_seconds_seen_by_client", LatencyStats.round(clientSeconds));
    node.put("ratio", LatencyStats.round(ratio));
    node.set("rollout", finished);
    installTimes(client, finished.path("id").asString(), driver, node);
    if (driver.equals("sqlite")) {
      Report.target(
          out,
          serviceSeconds <= 30 && ratio <= 1.5,
          "SQLite: %d environments in <= 30 s and <= 1.5x the Flyway loop (%.1f s, %.2fx)",
          envs.size(),
          serviceSeconds,
          ratio);
    } else {
      Report.target(
          out,
          ratio <= 1.5,
          "PostgreSQL: %d environments <= 1.5x the raw loop (%.2fx)",
          envs.size(),
          ratio);
    }
  }

  /** Says where the CPU of a phase went, per environment. */
  private void cpuLine(String driver, String phase, PgCpu used, int count, ObjectNode node) {
    double n = count;
    out.printf(
        Locale.ROOT,
        "[%s] %s CPU per environment: service %.2f ms, store %.2f ms, data server %.2f ms,"
            + " harness %.2f ms; machine busy %.0f%%%n",
        driver,
        phase,
        used.serviceNanos() / 1e6 / n,
        used.storeNanos() / 1e6 / n,
        used.dataNanos() / 1e6 / n,
        used.harnessNanos() / 1e6 / n,
        used.busyShare() * 100);
    ObjectNode cpuNode = node.putObject(phase + "_cpu_ms_per_environment");
    cpuNode.put("service", LatencyStats.round(used.serviceNanos() / 1e6 / n));
    cpuNode.put("store", LatencyStats.round(used.storeNanos() / 1e6 / n));
    cpuNode.put("data_server", LatencyStats.round(used.dataNanos() / 1e6 / n));
    cpuNode.put("harness", LatencyStats.round(used.harnessNanos() / 1e6 / n));
    cpuNode.put("machine_busy_share", LatencyStats.round(used.busyShare()));
  }

  /**
   * Where the rollout's time went, from its targets' own timestamps: each install's duration as the
   * engine saw it (claim to result) and each wave's span.
   */
  private void installTimes(
      ControlPlaneClient client, String rolloutId, String driver, ObjectNode node)
      throws Exception {
    List<Double> installs = new ArrayList<>();
    java.util.Map<Integer, java.time.OffsetDateTime[]> waves = new java.util.TreeMap<>();
    String cursor = null;
    do {
      JsonNode page =
          client.read(
              "/v1/rollouts/"
                  + rolloutId
                  + "/environments?limit=500"
                  + (cursor == null ? "" : "&cursor=" + cursor));
      for (JsonNode target : page.path("items")) {
        java.time.OffsetDateTime start = ApiProvisioner.timestamp(target, "started_at");
        java.time.OffsetDateTime end = ApiProvisioner.timestamp(target, "finished_at");
        installs.add(ApiProvisioner.millisBetween(start, end));
        java.time.OffsetDateTime[] span =
            waves.computeIfAbsent(
                target.path("wave").asInt(), w -> new java.time.OffsetDateTime[] {start, end});
        if (start.isBefore(span[0])) {
          span[0] = start;
        }
        if (end.isAfter(span[1])) {
          span[1] = end;
        }
      }
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asString(null);
    } while (cursor != null);
    LatencyStats stats =
        LatencyStats.ofMillis(installs.stream().mapToDouble(Double::doubleValue).toArray());
    out.printf(Locale.ROOT, "[%s] installs as the rollout saw them: %s%n", driver, stats.line());
    stats.writeTo(node.putObject("install_in_service"));
    ArrayNode spans = node.putArray("wave_spans_ms");
    StringBuilder line = new StringBuilder();
    java.time.OffsetDateTime previousEnd = null;
    for (var wave : waves.entrySet()) {
      double span = ApiProvisioner.millisBetween(wave.getValue()[0], wave.getValue()[1]);
      spans.add(LatencyStats.round(span));
      line.append(String.format(Locale.ROOT, " wave %d %.0f ms", wave.getKey(), span));
      if (previousEnd != null) {
        line.append(
            String.format(
                Locale.ROOT,
                " (gap %.0f ms)",
                ApiProvisioner.millisBetween(previousEnd, wave.getValue()[0])));
      }
      previousEnd = wave.getValue()[1];
    }
    out.printf(Locale.ROOT, "[%s] waves:%s%n", driver, line);
  }

  /** The SQLite baseline: a plain Flyway migrate of the same migrations into the file. */
  private final class FlywayLoop implements Baseline {

    @Override
    public void install(Env env) {
      migrate(env, 1);
    }

    @Override
    public void upgrade(Env env) {
      migrate(env, 3);
    }

    private void migrate(Env env, int migrations) {
      Flyway.configure(getClass().getClassLoader())
          .dataSource(
              env.jdbcUrl(), env.login().getProperty("user"), env.login().getProperty("password"))
          .locations("filesystem:" + rawMigrations(migrations))
          .table("sys_migrations_raw")
          // The database already holds the baseline's tables: Flyway creates a new history table
          // in a non-empty schema only with a baseline row, below the package's first migration.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .group(true)
          .load()
          .migrate();
    }
  }

  /**
   * The PostgreSQL baseline, the raw loop: connect as the admin credential, run the SQL, record the
   * row, in one transaction.
   */
  private static final class RawLoop implements Baseline {

    @Override
    public void install(Env env) throws SQLException {
      try (Connection connection = DriverManager.getConnection(env.jdbcUrl(), env.login())) {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
          statement.execute(MIGRATION_1.formatted("raw_"));
        }
        try (PreparedStatement row =
            connection.prepareStatement(
                "INSERT INTO sys_package_installation (id, package_id, version, status,"
                    + " installed_by) VALUES (?, 'raw', '1.0.0', 'installed', 'benchmark')")) {
          row.setObject(1, UUID.randomUUID());
          row.executeUpdate();
        }
        connection.commit();
      }
    }

    @Override
    public void upgrade(Env env) throws SQLException {
      try (Connection connection = DriverManager.getConnection(env.jdbcUrl(), env.login())) {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
          statement.execute(MIGRATION_2.formatted("raw_", "raw_"));
          statement.execute(MIGRATION_3.formatted("raw_"));
          statement.executeUpdate(
              "UPDATE sys_package_installation SET version = '1.1.0', installed_at ="
                  + " CURRENT_TIMESTAMP WHERE package_id = 'raw'");
        }
        connection.commit();
      }
    }
  }

  /** The baseline's first {@code count} migrations as files (Flyway's plain way), written once. */
  private synchronized Path rawMigrations(int count) {
    return rawMigrationDirs.computeIfAbsent(
        count,
        n -> {
          try {
            Path dir = Files.createTempDirectory("bench-raw-migrations");
            List<String> sql =
                List.of(
                    MIGRATION_1.formatted("raw_"),
                    MIGRATION_2.formatted("raw_", "raw_"),
                    MIGRATION_3.formatted("raw_"));
            for (int i = 0; i < n; i++) {
              Files.writeString(
                  dir.resolve("V" + (i + 1) + "__step_" + (i + 1) + ".sql"), sql.get(i) + ";\n");
            }
            return dir;
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /** A rollout of a package whose migration fails: how far it got before pausing itself. */
  private void canaryFailure(ControlPlaneClient client, ObjectNode node) throws Exception {
    publish(client, "broken", "1.0.0", "CREATE TABLE broken_first (id integer)", "NOT SQL AT ALL");
    JsonNode rollout = startRollout(client, "broken", "1.0.0", "sqlite", 1, options.batchSize());
    JsonNode paused = awaitSettled(client, rollout.path("id").asString());
    JsonNode counts = paused.path("counts");
    long pending = counts.path("pending").asLong();
    long touched = 0;
    for (var entry : counts.properties()) {
      if (!entry.getKey().equals("pending")) {
        touched += entry.getValue().asLong();
      }
    }
    out.printf(
        Locale.ROOT,
        "[sqlite] canary failure: rollout %s, %d environment(s) touched, %d left pending%n",
        paused.path("status").asString(),
        touched,
        pending);
    ObjectNode canary = node.putObject("canary_failure");
    canary.put("status", paused.path("status").asString());
    canary.put("touched", touched);
    canary.put("pending", pending);
    Report.target(
        out,
        "paused".equals(paused.path("status").asString()) && touched <= options.batchSize(),
        "a failing canary stops the rollout within one batch (%d touched, batch %d)",
        touched,
        options.batchSize());
  }

  private void publish(ControlPlaneClient client, String name, String version, String... sql)
      throws Exception {
    ObjectNode body = json.createObjectNode().put("name", name).put("version", version);
    ArrayNode migrations = body.putArray("migrations");
    for (int i = 0; i < sql.length; i++) {
      migrations
          .addObject()
          .put("version", Integer.toString(i + 1))
          .put("description", name + " step " + (i + 1))
          .put("sql", sql[i]);
    }
    client.send("POST", "/v1/packages", body, 201);
  }

  private JsonNode startRollout(
      ControlPlaneClient client, String name, String version, String driver, int canary, int batch)
      throws Exception {
    ObjectNode body = json.createObjectNode().put("name", name).put("version", version);
    ObjectNode selector = body.putObject("selector");
    selector.putArray("drivers").add(driver);
    selector.putArray("env_types").add("sandbox");
    body.putObject("strategy")
        .put("canary", canary)
        .put("batch_size", batch)
        .put("max_concurrency_per_server", harness.concurrency())
        .put("max_failures", 0);
    return client.send("POST", "/v1/rollouts", body, 202);
  }

  /** Polls the rollout until it is no longer running. */
  private JsonNode awaitSettled(ControlPlaneClient client, String id) throws Exception {
    long deadline = System.nanoTime() + 3_600_000_000_000L;
    while (true) {
      JsonNode rollout = client.read("/v1/rollouts/" + id);
      if (!"running".equals(rollout.path("status").asString())) {
        return rollout;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("rollout " + id + " still running after an hour");
      }
      Thread.sleep(200);
    }
  }

  private void register(ControlPlaneClient client, EmbeddedDataServer data) throws Exception {
    ObjectNode body =
        json.createObjectNode()
            .put("driver", "postgres")
            .put("region", PG_REGION)
            .put("name", "bench-pg")
            .put("admin_url", data.url("postgres"))
            .put("admin_username", EmbeddedDataServer.ADMIN)
            .put("admin_secret", data.adminPassword())
            .put("capacity", 10_000);
    client.createDatabaseServer(body);
  }
}
