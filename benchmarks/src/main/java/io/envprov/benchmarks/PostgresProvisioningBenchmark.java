package io.envprov.benchmarks;

import io.envprov.benchmarks.PostgresResults.Measured;
import io.envprov.benchmarks.PostgresResults.Phase;
import io.envprov.benchmarks.PostgresResults.PhaseResult;
import io.envprov.benchmarks.PostgresResults.ServiceDetail;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures PostgreSQL environment provisioning through the control plane's HTTP API against the raw
 * SQL the {@code postgres} driver needs, sent directly to the same server, in the same run.
 *
 * <ol>
 *   <li>Starts a PostgreSQL 17 data server ({@link EmbeddedDataServer}: zonky, SCRAM passwords,
 *       {@code fsync=on} and {@code synchronous_commit=on} unless {@code --data-fsync off}), builds
 *       the raw baselines' template with Flyway ({@link DirectPostgresBaseline}), starts the
 *       control plane as {@link ProvisioningBenchmark} does, and registers the data server through
 *       {@code POST /v1/database-servers}.
 *   <li>Phase A, {@code --sequential-count} (50) environments one at a time: the service ({@code
 *       POST} to {@code active}) and the raw baseline (the same work in plain SQL: database,
 *       groups, privileges, two credentials, a read through the readwrite one) take turns
 *       environment by environment, in a rotating order, so that both see the same server state
 *       (its size, dirty buffers, checkpoints) and the ratios compare like with like. {@code
 *       --warmup} rounds first, the same way.
 *   <li>Phase B, {@code --concurrent-count} (200) environments at {@code --concurrency} (4): the
 *       service, then the raw baseline, each after its own {@code --warmup}.
 *   <li>Reads every measured environment's operation (queue wait, execution); measures one SCRAM
 *       connection to the data server, for reference; stops the service and the data server; prints
 *       the report ({@link PostgresResults}) and writes {@code
 *       <results>/postgres-provisioning-<timestamp>.json}.
 * </ol>
 */
public final class PostgresProvisioningBenchmark {

  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  static final String SERVICE = "service";
  static final String RAW = "raw-sql";

  private static final String DRIVER = "postgres";
  private static final String REGION = "local";

  /** One way of making numbered environments. */
  private interface Contender {
    String id();

    /** Makes environment {@code index} of {@code stage} (e.g. {@code a_m}); times nothing. */
    ApiProvisioner.@Nullable Sample provision(String stage, int index) throws Exception;
  }

  private final PostgresBenchmarkOptions options;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final PrintStream out = System.out;
  private final Instant started = Instant.now();
  private final String runId = HexFormat.of().formatHex(random(3));
  private final List<Phase> phases = new ArrayList<>();

  private PostgresProvisioningBenchmark(PostgresBenchmarkOptions options) {
    this.options = options;
    if (options.sequentialCount() > 0) {
      phases.add(new Phase("A", options.sequentialCount(), 1, true));
    }
    if (options.concurrentCount() > 0) {
      phases.add(new Phase("B", options.concurrentCount(), options.concurrency(), false));
    }
  }

  /**
   * Runs the benchmark. Exits 0 when the run completed (targets met or not), 1 when it failed, 2 on
   * a bad command line.
   */
  public static void main(String[] args) {
    PostgresBenchmarkOptions options;
    try {
      options = PostgresBenchmarkOptions.parse(args);
    } catch (BenchmarkOptions.HelpRequested e) {
      System.out.print(PostgresBenchmarkOptions.USAGE);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(PostgresBenchmarkOptions.USAGE);
      System.exit(2);
      return;
    }
    int code;
    try {
      code = new PostgresProvisioningBenchmark(options).run();
    } catch (Exception e) {
      System.err.println();
      System.err.println("BENCHMARK FAILED: " + e);
      e.printStackTrace(System.err);
      code = 1;
    }
    System.exit(code);
  }

  private int run() throws Exception {
    Path workParent =
        options.workDir() != null
            ? Files.createDirectories(options.workDir())
            : Path.of(System.getProperty("java.io.tmpdir"));
    Path work = Files.createTempDirectory(workParent, "envprov-pgbench-");
    String stamp = FILE_STAMP.format(started);
    Files.createDirectories(options.resultsDir());
    Path resultFile = options.resultsDir().resolve("postgres-provisioning-" + stamp + ".json");
    ObjectNode result = json.createObjectNode();
    result.put("benchmark", "postgres-provisioning");
    result.put("started_at", started.toString());
    result.set("machine", Machine.describe(json));
    result.set("config", config(work));
    out.printf(
        Locale.ROOT,
        "envprov PostgreSQL provisioning benchmark %s: phase A %d sequential (interleaved), phase"
            + " B %d at concurrency %d, warm-up %d per phase%n",
        stamp,
        options.sequentialCount(),
        options.concurrentCount(),
        options.concurrency(),
        options.warmup());
    out.printf(
        Locale.ROOT,
        "machine: %d cores, %s, load average %s; work dir %s%n",
        Runtime.getRuntime().availableProcessors(),
        Machine.cpuModel(),
        Machine.loadAverage(),
        work);

    List<PhaseResult> results = new ArrayList<>();
    boolean failed = false;
    @Nullable EmbeddedDataServer data = null;
    @Nullable DirectPostgresBaseline raw = null;
    @Nullable ControlPlaneProcess service = null;
    @Nullable Thread dataHook = null;
    @Nullable Thread serviceHook = null;
    try {
      data = startDataServer(work, result);
      EmbeddedDataServer server = data;
      dataHook = new Thread(server::close, "stop-data-server");
      Runtime.getRuntime().addShutdownHook(dataHook);

      @Nullable ControlPlaneClient client = null;
      if (!options.skipService()) {
        service = startService(work, result.putObject("service"));
        serviceHook = new Thread(service::stop, "stop-control-plane");
        Runtime.getRuntime().addShutdownHook(serviceHook);
        client = register(service, server, result.withObject("service"));
      }
      if (!options.skipBaselines()) {
        raw = new DirectPostgresBaseline(server);
        result
            .withObject("data_server")
            .put("raw_template_build_ms", LatencyStats.round(raw.templateBuildNanos() / 1e6));
      }
      for (Phase phase : phases) {
        String prefix = phase.id().toLowerCase(Locale.ROOT);
        List<Contender> contenders = new ArrayList<>();
        if (client != null) {
          ServiceContender api =
              new ServiceContender(
                  client,
                  phase.interleaved() ? options.pollInterval() : options.concurrentPollInterval());
          api.organizationFor(prefix + "_w");
          api.organizationFor(prefix + "_m");
          contenders.add(api);
        }
        if (raw != null) {
          contenders.add(rawContender(RAW, "raw", raw));
        }
        PhaseResult phaseResult =
            phase.interleaved()
                ? interleaved(phase, prefix, contenders, service, server)
                : oneAfterAnother(phase, prefix, contenders, service, server);
        if (client != null) {
          phaseResult = withOperations(phaseResult, client);
        }
        results.add(phaseResult);
      }
      if (raw != null) {
        result.set("connection_reference", connectionReference(server));
      }
    } catch (Exception e) {
      failed = true;
      result.put("error", e.toString());
      throw e;
    } finally {
      if (service != null) {
        String stopped = service.stop();
        result.withObject("service").put("stop", stopped);
        out.println("[service] " + stopped);
        copy(service.logFile(), stamp, "control-plane.log", result);
        if (serviceHook != null) {
          Runtime.getRuntime().removeShutdownHook(serviceHook);
        }
      }
      if (raw != null) {
        raw.close();
      }
      if (data != null) {
        if (options.traceDataServer()) {
          copy(work.resolve("data-server/log/postgresql.log"), stamp, "data-server.log", result);
        }
        data.close();
        out.println(
            "[data server] stopped"
                + (data.postmaster().isPresent() ? " (STILL RUNNING: stop it by hand)" : ""));
        if (dataHook != null) {
          Runtime.getRuntime().removeShutdownHook(dataHook);
        }
      }
      result.put("finished_at", Instant.now().toString());
      result.put("completed", !failed);
      PostgresResults report = new PostgresResults(json, options, results, started);
      report.writeTo(result);
      json.writerWithDefaultPrettyPrinter().writeValue(resultFile, result);
      if (options.keepData()) {
        out.println("kept work dir " + work);
      } else {
        deleteRecursively(work);
      }
      if (!failed) {
        report.print(out, result);
      }
    }
    out.println();
    out.println("result written to " + resultFile);
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Set-up

  private EmbeddedDataServer startDataServer(Path work, ObjectNode result) throws Exception {
    Map<String, String> startSettings = new LinkedHashMap<>();
    if (options.traceDataServer()) {
      startSettings.put("logging_collector", "on");
      startSettings.put("log_directory", "log");
      startSettings.put("log_filename", "postgresql.log");
    }
    EmbeddedDataServer data =
        EmbeddedDataServer.start(work.resolve("data-server"), options.durable(), startSettings);
    if (options.traceDataServer()) {
      try (Connection c = data.admin("postgres");
          Statement s = c.createStatement()) {
        s.execute("ALTER SYSTEM SET log_line_prefix = '%m [%p] %u@%d %a '");
        s.execute("ALTER SYSTEM SET log_connections = on");
        s.execute("ALTER SYSTEM SET log_disconnections = on");
        s.execute("ALTER SYSTEM SET log_min_duration_statement = 0");
        s.execute("SELECT pg_reload_conf()");
      } catch (SQLException | RuntimeException e) {
        data.close();
        throw e;
      }
    }
    out.printf(
        Locale.ROOT,
        "[data server] PostgreSQL on port %d, pid %s, settings %s%n",
        data.port(),
        data.postmaster().map(p -> Long.toString(p.pid())).orElse("?"),
        data.settings());
    ObjectNode node = result.putObject("data_server");
    node.put("port", data.port());
    node.put("durable", options.durable());
    data.settings().forEach(node::put);
    return data;
  }

  private ControlPlaneProcess startService(Path work, ObjectNode node) throws Exception {
    out.println("[service] starting " + options.jar());
    ControlPlaneProcess process =
        ControlPlaneProcess.start(
            options.java(), options.jar(), options.serviceJvmArgs(), options.serviceArgs(), work);
    node.put("jar", options.jar().toString());
    node.put("pid", process.pid());
    return process;
  }

  /** Waits for the service, then registers the data server through the API. */
  private ControlPlaneClient register(
      ControlPlaneProcess process, EmbeddedDataServer data, ObjectNode node) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Duration startup = process.awaitHealthy(http, options.startupTimeout());
    node.put("startup_to_healthy_ms", startup.toMillis());
    out.printf(
        Locale.ROOT,
        "[service] healthy after %.1f s on %s (pid %d)%n",
        startup.toMillis() / 1000.0,
        process.baseUri(),
        process.pid());
    ControlPlaneClient client =
        new ControlPlaneClient(http, json, process.baseUri(), process.adminKey());
    ObjectNode body =
        json.createObjectNode()
            .put("driver", DRIVER)
            .put("region", REGION)
            .put("name", "bench-pg-" + runId)
            .put("admin_url", data.url("postgres"))
            .put("admin_username", EmbeddedDataServer.ADMIN)
            .put("admin_secret", data.adminPassword())
            .put("capacity", 10_000);
    String id = client.createDatabaseServer(body).path("id").asString();
    node.put("database_server_id", id);
    out.println("[service] registered the data server as " + id);
    return client;
  }

  /** The service through its API: one organization per stage, created before any timing. */
  private final class ServiceContender implements Contender {
    private final ApiProvisioner api;
    private final Map<String, String> organizations = new HashMap<>();

    ServiceContender(ControlPlaneClient client, Duration pollInterval) {
      this.api =
          new ApiProvisioner(
              client,
              pollInterval,
              options.environmentTimeout(),
              DRIVER,
              REGION,
              options.waitSeconds());
    }

    void organizationFor(String stage) throws Exception {
      String slug = "pg-" + stage.replace('_', '-') + "-" + runId;
      organizations.put(stage, api.createOrganization(slug, "Benchmark " + stage));
    }

    @Override
    public String id() {
      return SERVICE;
    }

    @Override
    public ApiProvisioner.Sample provision(String stage, int index) throws Exception {
      return api.provision(organizations.get(stage), stage.replace('_', '-') + "-" + index);
    }
  }

  private static Contender rawContender(String id, String prefix, DirectPostgresBaseline baseline) {
    return new Contender() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public ApiProvisioner.@Nullable Sample provision(String stage, int index)
          throws SQLException {
        baseline.create(prefix + "_" + stage + "_" + index);
        return null;
      }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Phases

  /**
   * One environment at a time, the contenders taking turns in an order that rotates with the index,
   * so that none always follows the same other one.
   */
  private PhaseResult interleaved(
      Phase phase,
      String prefix,
      List<Contender> contenders,
      @Nullable ControlPlaneProcess service,
      EmbeddedDataServer data)
      throws Exception {
    int n = contenders.size();
    Map<String, long[]> warm = new LinkedHashMap<>();
    Map<String, long[]> measured = new LinkedHashMap<>();
    Map<String, PgCpu> cpu = new LinkedHashMap<>();
    @Nullable ApiProvisioner.Sample[] samples = new ApiProvisioner.Sample[phase.count()];
    for (Contender c : contenders) {
      warm.put(c.id(), new long[options.warmup()]);
      measured.put(c.id(), new long[phase.count()]);
      cpu.put(c.id(), PgCpu.ZERO);
    }
    out.printf(
        Locale.ROOT,
        "[phase %s] %d warm-up rounds, then %d measured rounds of %s, one environment at a"
            + " time...%n",
        phase.id(),
        options.warmup(),
        phase.count(),
        contenders.stream().map(Contender::id).toList());
    for (int i = 0; i < options.warmup(); i++) {
      for (int k = 0; k < n; k++) {
        Contender c = contenders.get((i + k) % n);
        long begin = System.nanoTime();
        c.provision(prefix + "_w", i);
        warm.get(c.id())[i] = System.nanoTime() - begin;
      }
    }
    for (int i = 0; i < phase.count(); i++) {
      for (int k = 0; k < n; k++) {
        Contender c = contenders.get((i + k) % n);
        PgCpu before = PgCpu.sample(service, data);
        long begin = System.nanoTime();
        ApiProvisioner.Sample sample = c.provision(prefix + "_m", i);
        measured.get(c.id())[i] = System.nanoTime() - begin;
        cpu.merge(c.id(), PgCpu.sample(service, data).since(before), PgCpu::plus);
        if (sample != null) {
          samples[i] = sample;
        }
      }
    }
    Map<String, Measured> byContender = new LinkedHashMap<>();
    for (Contender c : contenders) {
      long[] latencies = measured.get(c.id());
      ConcurrentRun.Result run = new ConcurrentRun.Result(latencies, sum(latencies));
      long[] warmLatencies = warm.get(c.id());
      ConcurrentRun.Result warmRun = new ConcurrentRun.Result(warmLatencies, sum(warmLatencies));
      @Nullable ServiceDetail detail =
          c.id().equals(SERVICE) ? ServiceDetail.of(nonNull(samples)) : null;
      byContender.put(c.id(), new Measured(run, warmRun, cpu.get(c.id()), detail));
      out.printf(Locale.ROOT, "[phase %s] %-19s %s%n", phase.id(), c.id(), run.stats().line());
    }
    return new PhaseResult(phase, byContender);
  }

  /** Each contender on its own: warm-up, then the measured environments at the concurrency. */
  private PhaseResult oneAfterAnother(
      Phase phase,
      String prefix,
      List<Contender> contenders,
      @Nullable ControlPlaneProcess service,
      EmbeddedDataServer data)
      throws Exception {
    Map<String, Measured> byContender = new LinkedHashMap<>();
    for (Contender c : contenders) {
      ConcurrentRun.Result warm =
          ConcurrentRun.run(
              c.id() + "-warmup",
              options.warmup(),
              phase.concurrency(),
              i -> c.provision(prefix + "_w", i));
      @Nullable ApiProvisioner.Sample[] samples = new ApiProvisioner.Sample[phase.count()];
      out.printf(
          Locale.ROOT,
          "[phase %s] %s: %d warm-up environments done; measuring %d at concurrency %d...%n",
          phase.id(),
          c.id(),
          options.warmup(),
          phase.count(),
          phase.concurrency());
      PgCpu before = PgCpu.sample(service, data);
      ConcurrentRun.Result run =
          ConcurrentRun.run(
              c.id(),
              phase.count(),
              phase.concurrency(),
              i -> samples[i] = c.provision(prefix + "_m", i));
      PgCpu cpu = PgCpu.sample(service, data).since(before);
      @Nullable ServiceDetail detail =
          c.id().equals(SERVICE) ? ServiceDetail.of(nonNull(samples)) : null;
      byContender.put(c.id(), new Measured(run, warm, cpu, detail));
      out.printf(
          Locale.ROOT,
          "[phase %s] %-19s %d in %.2f s, %.1f/s (%s)%n",
          phase.id(),
          c.id(),
          phase.count(),
          run.wallSeconds(),
          run.perSecond(),
          run.stats().line());
    }
    return new PhaseResult(phase, byContender);
  }

  /** Adds each measured environment's queue wait and execution, read from its operation. */
  private static PhaseResult withOperations(PhaseResult phase, ControlPlaneClient client)
      throws Exception {
    Measured service = phase.byContender().get(SERVICE);
    if (service == null || service.service() == null) {
      return phase;
    }
    ServiceDetail detail = service.service();
    int count = detail.samples().length;
    double[] queue = new double[count];
    double[] execution = new double[count];
    int retried = 0;
    for (int i = 0; i < count; i++) {
      JsonNode operation = client.operation(detail.samples()[i].operationId());
      OffsetDateTime created = ApiProvisioner.timestamp(operation, "created_at");
      OffsetDateTime begun = ApiProvisioner.timestamp(operation, "started_at");
      OffsetDateTime finished = ApiProvisioner.timestamp(operation, "finished_at");
      queue[i] = ApiProvisioner.millisBetween(created, begun);
      execution[i] = ApiProvisioner.millisBetween(begun, finished);
      if (operation.path("attempts").asInt(1) > 1) {
        retried++;
      }
    }
    Map<String, Measured> updated = new LinkedHashMap<>(phase.byContender());
    updated.put(
        SERVICE,
        new Measured(
            service.run(),
            service.warmup(),
            service.cpu(),
            new ServiceDetail(detail.samples(), queue, execution, retried)));
    return new PhaseResult(phase.phase(), updated);
  }

  /** What one SCRAM connection (open, {@code SELECT 1}, close) to the data server costs. */
  private ObjectNode connectionReference(EmbeddedDataServer data) throws Exception {
    ConcurrentRun.Task connect =
        i -> {
          try (Connection c = data.admin("postgres");
              Statement s = c.createStatement()) {
            s.execute("SELECT 1");
          }
        };
    ConcurrentRun.run("connect-warmup", 10, 1, connect);
    ConcurrentRun.Result run = ConcurrentRun.run("connect", 50, 1, connect);
    out.println("[reference] SCRAM connect + SELECT 1 + close: " + run.stats().line());
    ObjectNode node = json.createObjectNode();
    node.put("what", "admin connection to the data server: SCRAM login, SELECT 1, close");
    run.stats().writeTo(node.putObject("latency"));
    return node;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private ObjectNode config(Path work) {
    ObjectNode node = json.createObjectNode();
    node.put("sequential_count", options.sequentialCount());
    node.put("concurrent_count", options.concurrentCount());
    node.put("concurrency", options.concurrency());
    node.put("warmup", options.warmup());
    node.put("poll_interval_ms", options.pollInterval().toMillis());
    node.put("concurrent_poll_interval_ms", options.concurrentPollInterval().toMillis());
    node.put("env_timeout_s", options.environmentTimeout().toSeconds());
    node.put("data_fsync", options.durable() ? "on" : "off (zonky defaults)");
    node.put("trace_data_server", options.traceDataServer());
    node.put("jar", options.jar().toString());
    options.serviceJvmArgs().forEach(node.putArray("service_jvm_args")::add);
    options.serviceArgs().forEach(node.putArray("service_args")::add);
    node.put("work_dir", work.toString());
    node.put("run_id", runId);
    return node;
  }

  private void copy(Path file, String stamp, String suffix, ObjectNode result) {
    try {
      if (Files.isRegularFile(file)) {
        Path copy = options.resultsDir().resolve("postgres-provisioning-" + stamp + "-" + suffix);
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        result.withObject("logs").put(suffix, copy.toString());
      }
    } catch (IOException e) {
      out.println("could not copy " + file + ": " + e);
    }
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long value : values) {
      total += value;
    }
    return total;
  }

  private static ApiProvisioner.Sample[] nonNull(ApiProvisioner.@Nullable Sample[] samples) {
    for (ApiProvisioner.@Nullable Sample sample : samples) {
      if (sample == null) {
        throw new IllegalStateException("a service environment left no sample");
      }
    }
    @SuppressWarnings("nullness") // checked just above
    ApiProvisioner.Sample[] checked = samples;
    return checked;
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return value;
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: a temp directory
                }
              });
    } catch (IOException | RuntimeException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
