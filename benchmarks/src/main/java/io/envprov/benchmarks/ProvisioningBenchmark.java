package io.envprov.benchmarks;

import io.envprov.benchmarks.BenchmarkOptions.HelpRequested;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures environment provisioning through the control plane's HTTP API and compares it, in the
 * same run and on the same machine, with creating the same SQLite databases directly.
 *
 * <h2>What one run does</h2>
 *
 * <ol>
 *   <li>Starts the control-plane exec jar as a child process with a fresh temporary data directory
 *       (embedded PostgreSQL, SQLite files), a free port and a generated bootstrap admin key, and
 *       waits for {@code GET /actuator/health} to report UP. The service log goes to {@code <data
 *       dir>/control-plane.log} and is copied next to the JSON result.
 *   <li>Warm-up (not measured): one organization and {@code --warmup} environments.
 *   <li>Measured: {@code --count} environments at {@code --concurrency} workers. Each worker POSTs
 *       an environment, then polls {@code GET /v1/environments/{id}} every {@code
 *       --poll-interval-ms} until it is {@code active}; the sample is the time from sending the
 *       POST to receiving the first {@code active} answer. A {@code failed} environment, an
 *       unexpected status code or a timeout aborts the run. Environments are spread over
 *       organizations of {@code --envs-per-org} each. Afterwards (not timed) every environment's
 *       operation is read to split the server-side time into queue wait and execution.
 *   <li>Stops the service: SIGTERM, a grace period, then SIGKILL; the embedded PostgreSQL, which is
 *       not a descendant of the JVM, is checked and terminated the same way if it outlived it.
 *   <li>Baselines, in this process, same count and concurrency, each after its own warm-up: {@code
 *       flyway-per-file} (Flyway migrate of {@code classpath:db/data-plane} into a fresh file
 *       each), {@code template-copy} (Flyway once into a template, then {@code Files.copy} per
 *       environment) and {@code driver-steps} (the SQLite driver's own per-environment steps:
 *       template copy to a temporary file, hard-link publish, baseline version read).
 *   <li>Prints a report (latency percentiles, rates, service/baseline ratios, the targets) and
 *       writes {@code <results dir>/provisioning-<timestamp>.json}.
 * </ol>
 *
 * <h2>Command line</h2>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar [--count 1000] [--concurrency 4] ...
 * benchmarks/run-provisioning.sh --count 1000 --concurrency 4
 * </pre>
 *
 * See {@link BenchmarkOptions#USAGE} or {@code --help} for every option, and {@code
 * benchmarks/README.md} for how to read the output.
 */
public final class ProvisioningBenchmark {

  /** Target: median POST→active latency. */
  static final double TARGET_P50_MS = 50.0;

  /** Target: 1000 environments within this many seconds. */
  static final double TARGET_1000_SECONDS = 60.0;

  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final BenchmarkOptions options;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final PrintStream out = System.out;
  private final Instant started = Instant.now();
  private final String runId = randomHex(3);

  private ProvisioningBenchmark(BenchmarkOptions options) {
    this.options = options;
  }

  /**
   * Runs the benchmark; see the class comment and {@code --help}. Exits 0 when the run completed
   * (whether or not the targets were met), 1 when it failed (the service failed an environment,
   * answered unexpectedly or could not start), 2 on a bad command line.
   *
   * @param args options such as {@code --count 1000 --concurrency 4}
   */
  public static void main(String[] args) {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (HelpRequested e) {
      System.out.print(BenchmarkOptions.USAGE);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(BenchmarkOptions.USAGE);
      System.exit(2);
      return;
    }
    int code;
    try {
      code = new ProvisioningBenchmark(options).run();
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
    Path work = Files.createTempDirectory(workParent, "envprov-bench-");
    String stamp = FILE_STAMP.format(started);
    Files.createDirectories(options.resultsDir());
    Path resultFile = options.resultsDir().resolve("provisioning-" + stamp + ".json");

    ObjectNode result = json.createObjectNode();
    result.put("benchmark", "provisioning");
    result.put("started_at", started.toString());
    result.set("machine", Machine.describe(json));
    result.set("config", config(work));

    out.printf(
        Locale.ROOT,
        "envprov provisioning benchmark %s: %d environments, concurrency %d, warm-up %d%n",
        stamp,
        options.count(),
        options.concurrency(),
        options.warmup());
    out.printf(
        Locale.ROOT,
        "machine: %d cores, %s, load average %s; work dir %s%n%n",
        Runtime.getRuntime().availableProcessors(),
        Machine.cpuModel(),
        Machine.loadAverage(),
        work);

    @Nullable ServicePhase service = null;
    Map<DirectSqliteBaseline.Kind, BaselinePhase> baselines = new LinkedHashMap<>();
    boolean failed = false;
    try {
      if (!options.skipService()) {
        service = runService(work, stamp, result);
      }
      if (!options.skipBaselines()) {
        for (DirectSqliteBaseline.Kind kind : DirectSqliteBaseline.Kind.values()) {
          baselines.put(kind, runBaseline(kind, work));
        }
      }
    } catch (Exception e) {
      failed = true;
      result.put("error", e.toString());
      throw e;
    } finally {
      result.put("finished_at", Instant.now().toString());
      result.put("completed", !failed);
      if (service != null) {
        result.set("service", service.json);
      }
      ObjectNode baselineNode = result.putObject("baselines");
      baselines.forEach((kind, phase) -> baselineNode.set(kind.id, phase.toJson(json)));
      if (service != null && !baselines.isEmpty()) {
        result.set("ratios", ratios(service, baselines));
      }
      if (service != null) {
        result.set("targets", targets(service));
      }
      json.writerWithDefaultPrettyPrinter().writeValue(resultFile, result);
      if (options.keepData()) {
        out.println("kept work dir " + work);
      } else {
        deleteRecursively(work);
      }
    }

    report(service, baselines, result);
    out.println();
    out.println("result written to " + resultFile);
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Service phase

  /** What the service phase measured, with its JSON form. */
  private record ServicePhase(
      ConcurrentRun.Result run,
      LatencyStats post,
      LatencyStats serverCreateToActive,
      LatencyStats queueWait,
      LatencyStats execution,
      LatencyStats clientSideOverhead,
      double meanPolls,
      Duration startup,
      CpuUsage cpu,
      ObjectNode json) {}

  private ServicePhase runService(Path work, String stamp, ObjectNode result) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    out.println("[service] starting " + options.jar());
    ControlPlaneProcess service =
        ControlPlaneProcess.start(
            options.java(), options.jar(), options.serviceJvmArgs(), options.serviceArgs(), work);
    Thread hook = new Thread(service::stop, "stop-control-plane");
    Runtime.getRuntime().addShutdownHook(hook);
    ObjectNode node = json.createObjectNode();
    node.put("jar", options.jar().toString());
    node.put("pid", service.pid());
    node.put("base_uri", service.baseUri().toString());
    node.put("log_file", service.logFile().toString());
    try {
      Duration startup = service.awaitHealthy(http, options.startupTimeout());
      node.put("startup_to_healthy_ms", startup.toMillis());
      out.printf(
          Locale.ROOT,
          "[service] healthy after %.1f s on %s (pid %d, log %s)%n",
          startup.toMillis() / 1000.0,
          service.baseUri(),
          service.pid(),
          service.logFile());
      ControlPlaneClient client =
          new ControlPlaneClient(http, json, service.baseUri(), service.adminKey());

      // Warm-up: not measured.
      long warmStart = System.nanoTime();
      String warmOrg = createOrganization(client, "bw-" + runId, "Benchmark warm-up " + runId);
      ConcurrentRun.Result warm =
          ConcurrentRun.run(
              "warmup",
              options.warmup(),
              options.concurrency(),
              i -> provision(client, warmOrg, "warm-" + i, null, i));
      out.printf(
          Locale.ROOT,
          "[service] warm-up: %d environments in %.1f s (%s)%n",
          options.warmup(),
          (System.nanoTime() - warmStart) / 1e9,
          warm.stats().line());
      node.set("warmup", warm.stats().writeTo(json.createObjectNode()));

      // Organizations of the measured phase, created (and their default environments
      // provisioned) before the clock starts.
      int organizations =
          (options.count() + options.environmentsPerOrganization() - 1)
              / options.environmentsPerOrganization();
      List<String> orgIds = new ArrayList<>();
      for (int o = 0; o < organizations; o++) {
        orgIds.add(createOrganization(client, "bm-" + runId + "-" + o, "Benchmark " + o));
      }
      node.put("organizations", organizations);

      // Measured.
      Samples samples = new Samples(options.count());
      out.printf(
          Locale.ROOT,
          "[service] measuring %d environments over %d organization(s) at concurrency %d...%n",
          options.count(),
          organizations,
          options.concurrency());
      CpuUsage cpuBefore = CpuUsage.sample(service.handle(), service.postmaster());
      ConcurrentRun.Result run =
          ConcurrentRun.run(
              "provision",
              options.count(),
              options.concurrency(),
              i ->
                  provision(
                      client,
                      orgIds.get(i / options.environmentsPerOrganization()),
                      "env-" + i,
                      samples,
                      i));
      CpuUsage cpu = CpuUsage.sample(service.handle(), service.postmaster()).since(cpuBefore);

      // Diagnostics, not timed: where the server spent the time.
      double[] queue = new double[options.count()];
      double[] execution = new double[options.count()];
      int retried = 0;
      for (int i = 0; i < options.count(); i++) {
        JsonNode operation = client.operation(samples.operationIds[i]);
        OffsetDateTime created = ApiProvisioner.timestamp(operation, "created_at");
        OffsetDateTime begun = ApiProvisioner.timestamp(operation, "started_at");
        OffsetDateTime finished = ApiProvisioner.timestamp(operation, "finished_at");
        queue[i] = ApiProvisioner.millisBetween(created, begun);
        execution[i] = ApiProvisioner.millisBetween(begun, finished);
        if (operation.path("attempts").asInt(1) > 1) {
          retried++;
        }
      }
      double[] overhead = new double[options.count()];
      for (int i = 0; i < options.count(); i++) {
        overhead[i] = run.latencyNanos()[i] / 1e6 - samples.serverMillis[i];
      }
      long sqliteFiles = countDatabases(service.dataDir().resolve("sqlite"));

      ServicePhase phase =
          new ServicePhase(
              run,
              LatencyStats.ofNanos(samples.postNanos),
              LatencyStats.ofMillis(samples.serverMillis),
              LatencyStats.ofMillis(queue),
              LatencyStats.ofMillis(execution),
              LatencyStats.ofMillis(overhead),
              mean(samples.polls),
              startup,
              cpu,
              node);
      writeServiceJson(node, phase, samples, queue, execution, retried, sqliteFiles, organizations);
      return phase;
    } catch (Exception e) {
      out.println("[service] FAILED: " + e.getMessage());
      out.println("[service] last log lines:");
      out.println(service.tail(30));
      throw e;
    } finally {
      String stopped = service.stop();
      node.put("shutdown", stopped);
      out.println("[service] " + stopped);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
      copyLog(service.logFile(), stamp, node);
    }
  }

  /** Per-environment figures of the measured phase, by index. */
  private static final class Samples {
    final long[] postNanos;
    final int[] polls;
    final double[] serverMillis;
    final String[] environmentIds;
    final String[] operationIds;

    Samples(int count) {
      postNanos = new long[count];
      polls = new int[count];
      serverMillis = new double[count];
      environmentIds = new String[count];
      operationIds = new String[count];
    }
  }

  /** POSTs one environment and polls until it is active (see {@link ApiProvisioner}). */
  private void provision(
      ControlPlaneClient client,
      String organizationId,
      String slug,
      @Nullable Samples samples,
      int index)
      throws Exception {
    ApiProvisioner.Sample sample = provisioner(client).provision(organizationId, slug);
    if (samples != null) {
      samples.postNanos[index] = sample.postNanos();
      samples.polls[index] = sample.polls();
      samples.environmentIds[index] = sample.environmentId();
      samples.operationIds[index] = sample.operationId();
      samples.serverMillis[index] = sample.serverMillis();
    }
  }

  /** Creates an organization and waits until its default environment is active. */
  private String createOrganization(ControlPlaneClient client, String slug, String name)
      throws Exception {
    return provisioner(client).createOrganization(slug, name);
  }

  private ApiProvisioner provisioner(ControlPlaneClient client) {
    return new ApiProvisioner(
        client,
        options.pollInterval(),
        options.environmentTimeout(),
        null,
        null,
        options.waitSeconds());
  }

  private void writeServiceJson(
      ObjectNode node,
      ServicePhase phase,
      Samples samples,
      double[] queue,
      double[] execution,
      int retried,
      long sqliteFiles,
      int organizations) {
    ConcurrentRun.Result run = phase.run();
    node.put("count", run.latencyNanos().length);
    node.put("concurrency", options.concurrency());
    node.put("wall_seconds", LatencyStats.round(run.wallSeconds()));
    node.put("environments_per_second", LatencyStats.round(run.perSecond()));
    phase.run().stats().writeTo(node.putObject("post_to_active"));
    phase.post().writeTo(node.putObject("post_response"));
    phase.serverCreateToActive().writeTo(node.putObject("server_created_to_active"));
    phase.queueWait().writeTo(node.putObject("server_operation_queue_wait"));
    phase.execution().writeTo(node.putObject("server_operation_execution"));
    phase.clientSideOverhead().writeTo(node.putObject("client_minus_server"));
    node.put("mean_polls_per_environment", LatencyStats.round(phase.meanPolls()));
    ObjectNode cpu = node.putObject("cpu_during_measured_phase");
    int count = run.latencyNanos().length;
    cpu.put("service_jvm_seconds", LatencyStats.round(phase.cpu().serviceNanos() / 1e9));
    cpu.put("postgres_seconds", LatencyStats.round(phase.cpu().postgresNanos() / 1e9));
    cpu.put("harness_seconds", LatencyStats.round(phase.cpu().harnessNanos() / 1e9));
    cpu.put(
        "service_jvm_ms_per_environment",
        LatencyStats.round(phase.cpu().serviceNanos() / 1e6 / count));
    cpu.put(
        "postgres_ms_per_environment",
        LatencyStats.round(phase.cpu().postgresNanos() / 1e6 / count));
    cpu.put(
        "harness_ms_per_environment", LatencyStats.round(phase.cpu().harnessNanos() / 1e6 / count));
    cpu.put("machine_busy_share", LatencyStats.round(phase.cpu().machineBusyShare()));
    cpu.put("other_processes_seconds", LatencyStats.round(phase.cpu().otherSeconds()));
    node.put("operations_retried", retried);
    node.put("sqlite_files_after_run", sqliteFiles);
    // Warm-up + measured + the default environment of each organization (warm-up one included).
    node.put("sqlite_files_expected", options.warmup() + options.count() + organizations + 1);

    // Drift: the first and last tenth of the measured environments, in start order.
    int tenth = Math.max(1, run.latencyNanos().length / 10);
    long[] first = Arrays.copyOfRange(run.latencyNanos(), 0, tenth);
    long[] last =
        Arrays.copyOfRange(
            run.latencyNanos(), run.latencyNanos().length - tenth, run.latencyNanos().length);
    LatencyStats.ofNanos(first).writeTo(node.putObject("first_tenth_post_to_active"));
    LatencyStats.ofNanos(last).writeTo(node.putObject("last_tenth_post_to_active"));

    ArrayNode rows = node.putArray("samples");
    for (int i = 0; i < run.latencyNanos().length; i++) {
      ObjectNode row = rows.addObject();
      row.put("i", i);
      row.put("latency_ms", LatencyStats.round(run.latencyNanos()[i] / 1e6));
      row.put("post_ms", LatencyStats.round(samples.postNanos[i] / 1e6));
      row.put("server_ms", LatencyStats.round(samples.serverMillis[i]));
      row.put("queue_ms", LatencyStats.round(queue[i]));
      row.put("execution_ms", LatencyStats.round(execution[i]));
      row.put("polls", samples.polls[i]);
      row.put("environment_id", samples.environmentIds[i]);
    }
  }

  private void copyLog(Path log, String stamp, ObjectNode node) {
    try {
      if (Files.isRegularFile(log)) {
        Path copy = options.resultsDir().resolve("provisioning-" + stamp + "-control-plane.log");
        Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
        node.put("log_copy", copy.toString());
      }
    } catch (IOException e) {
      out.println("[service] could not copy the log: " + e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Baselines

  /** What one baseline measured. */
  private record BaselinePhase(
      DirectSqliteBaseline.Kind kind, ConcurrentRun.Result run, long templateBuildNanos) {

    ObjectNode toJson(ObjectMapper json) {
      ObjectNode node = json.createObjectNode();
      node.put("description", kind.description);
      node.put("count", run.latencyNanos().length);
      node.put("wall_seconds", LatencyStats.round(run.wallSeconds()));
      node.put("environments_per_second", LatencyStats.round(run.perSecond()));
      if (kind != DirectSqliteBaseline.Kind.FLYWAY_PER_FILE) {
        node.put("template_build_ms", LatencyStats.round(templateBuildNanos / 1e6));
      }
      run.stats().writeTo(node.putObject("latency"));
      return node;
    }
  }

  private BaselinePhase runBaseline(DirectSqliteBaseline.Kind kind, Path work) throws Exception {
    DirectSqliteBaseline baseline =
        new DirectSqliteBaseline(kind, work.resolve("baseline-" + kind.id));
    ConcurrentRun.run(
        kind.id + "-warmup",
        options.warmup(),
        options.concurrency(),
        i -> baseline.create("warm_", i));
    ConcurrentRun.Result run =
        ConcurrentRun.run(
            kind.id, options.count(), options.concurrency(), i -> baseline.create("env_", i));
    out.printf(
        Locale.ROOT,
        "[baseline %s] %d files in %.2f s, %.1f/s (%s)%n",
        kind.id,
        options.count(),
        run.wallSeconds(),
        run.perSecond(),
        run.stats().line());
    return new BaselinePhase(kind, run, baseline.templateBuildNanos());
  }

  // ---------------------------------------------------------------------------------------------
  // Report

  private ObjectNode ratios(
      ServicePhase service, Map<DirectSqliteBaseline.Kind, BaselinePhase> baselines) {
    ObjectNode node = json.createObjectNode();
    LatencyStats s = service.run().stats();
    baselines.forEach(
        (kind, phase) -> {
          LatencyStats b = phase.run().stats();
          ObjectNode r = node.putObject(kind.id);
          r.put("p50_latency_ratio", LatencyStats.round(s.p50Ms() / b.p50Ms()));
          r.put("p95_latency_ratio", LatencyStats.round(s.p95Ms() / b.p95Ms()));
          r.put(
              "throughput_ratio",
              LatencyStats.round(service.run().perSecond() / phase.run().perSecond()));
          r.put(
              "baseline_throughput_multiple",
              LatencyStats.round(phase.run().perSecond() / service.run().perSecond()));
        });
    node.put(
        "explanation",
        "p50/p95_latency_ratio = service / baseline (how many times slower one environment is);"
            + " throughput_ratio = service rate / baseline rate (fraction of the baseline rate);"
            + " baseline_throughput_multiple = its inverse");
    return node;
  }

  private ObjectNode targets(ServicePhase service) {
    ObjectNode node = json.createObjectNode();
    double p50 = service.run().stats().p50Ms();
    double projected = 1000 / service.run().perSecond();
    node.put("p50_target_ms", TARGET_P50_MS);
    node.put("p50_ms", LatencyStats.round(p50));
    node.put("p50_met", p50 <= TARGET_P50_MS);
    node.put("thousand_target_seconds", TARGET_1000_SECONDS);
    node.put("thousand_seconds_projected", LatencyStats.round(projected));
    node.put("thousand_measured_directly", options.count() == 1000);
    node.put("thousand_met", projected <= TARGET_1000_SECONDS);
    node.put("cores", Runtime.getRuntime().availableProcessors());
    return node;
  }

  private void report(
      @Nullable ServicePhase service,
      Map<DirectSqliteBaseline.Kind, BaselinePhase> baselines,
      ObjectNode result) {
    out.println();
    out.println("=".repeat(100));
    out.printf(
        Locale.ROOT,
        "PROVISIONING BENCHMARK  count=%d  concurrency=%d  cores=%d  %s%n",
        options.count(),
        options.concurrency(),
        Runtime.getRuntime().availableProcessors(),
        started);
    out.println("=".repeat(100));
    if (service != null) {
      ConcurrentRun.Result run = service.run();
      out.println(
          options.waitSeconds() > 0
              ? "SERVICE (HTTP API, POST -> active, long poll wait_seconds="
                  + options.waitSeconds()
                  + ")"
              : "SERVICE (HTTP API, POST -> active, polling every "
                  + options.pollInterval().toMillis()
                  + " ms)");
      out.printf(
          Locale.ROOT,
          "  %d environments in %.2f s = %.1f environments/s  (startup to healthy %.1f s)%n",
          run.latencyNanos().length,
          run.wallSeconds(),
          run.perSecond(),
          service.startup().toMillis() / 1000.0);
      out.println("  POST -> active            " + run.stats().line());
      out.println("  POST response (202)       " + service.post().line());
      out.println("  server created -> active  " + service.serverCreateToActive().line());
      out.println("    operation queue wait    " + service.queueWait().line());
      out.println("    operation execution     " + service.execution().line());
      out.println("  client - server           " + service.clientSideOverhead().line());
      out.printf(Locale.ROOT, "  mean polls per environment %.1f%n", service.meanPolls());
      CpuUsage cpu = service.cpu();
      int count = run.latencyNanos().length;
      out.printf(
          Locale.ROOT,
          "  CPU while measuring: service JVM %.1f s (%.1f ms/env), postgres %.1f s (%.1f ms/env),"
              + " harness %.1f s (%.1f ms/env); machine busy %.0f%% of %d cores%n",
          cpu.serviceNanos() / 1e9,
          cpu.serviceNanos() / 1e6 / count,
          cpu.postgresNanos() / 1e9,
          cpu.postgresNanos() / 1e6 / count,
          cpu.harnessNanos() / 1e9,
          cpu.harnessNanos() / 1e6 / count,
          cpu.machineBusyShare() * 100,
          Runtime.getRuntime().availableProcessors());
      if (cpu.otherSeconds()
          > 0.05 * run.wallSeconds() * Runtime.getRuntime().availableProcessors()) {
        out.printf(
            Locale.ROOT,
            "  WARNING: other processes used %.1f s of CPU while measuring; the figures are"
                + " disturbed%n",
            cpu.otherSeconds());
      }
      JsonNode s = service.json();
      out.printf(
          Locale.ROOT,
          "  drift: p50 of first tenth %.2f ms, last tenth %.2f ms; operations retried: %d;"
              + " sqlite files %d (expected %d)%n",
          s.path("first_tenth_post_to_active").path("p50_ms").asDouble(),
          s.path("last_tenth_post_to_active").path("p50_ms").asDouble(),
          s.path("operations_retried").asInt(),
          s.path("sqlite_files_after_run").asLong(),
          s.path("sqlite_files_expected").asLong());
    }
    for (BaselinePhase phase : baselines.values()) {
      ConcurrentRun.Result run = phase.run();
      out.println();
      out.printf(Locale.ROOT, "BASELINE %s: %s%n", phase.kind().id, phase.kind().description);
      out.printf(
          Locale.ROOT,
          "  %d files in %.2f s = %.1f files/s%s%n",
          run.latencyNanos().length,
          run.wallSeconds(),
          run.perSecond(),
          phase.kind() == DirectSqliteBaseline.Kind.FLYWAY_PER_FILE
              ? ""
              : String.format(
                  Locale.ROOT,
                  "  (template built once in %.1f ms)",
                  phase.templateBuildNanos() / 1e6));
      out.println("  latency                   " + run.stats().line());
    }
    if (result.has("ratios")) {
      out.println();
      out.println("RATIOS (service vs baseline)");
      out.printf(
          Locale.ROOT,
          "  %-16s %14s %14s %18s%n",
          "baseline",
          "p50 ratio",
          "p95 ratio",
          "throughput ratio");
      result
          .path("ratios")
          .properties()
          .forEach(
              entry -> {
                if (entry.getValue().isObject()) {
                  JsonNode r = entry.getValue();
                  out.printf(
                      Locale.ROOT,
                      "  %-16s %13.1fx %13.1fx %17.4f  (baseline is %.1fx faster)%n",
                      entry.getKey(),
                      r.path("p50_latency_ratio").asDouble(),
                      r.path("p95_latency_ratio").asDouble(),
                      r.path("throughput_ratio").asDouble(),
                      r.path("baseline_throughput_multiple").asDouble());
                }
              });
    }
    if (result.has("targets")) {
      JsonNode t = result.path("targets");
      out.println();
      out.println("TARGETS");
      out.printf(
          Locale.ROOT,
          "  p50 POST->active <= %.0f ms: %.2f ms  %s%n",
          TARGET_P50_MS,
          t.path("p50_ms").asDouble(),
          t.path("p50_met").asBoolean() ? "MET" : "MISSED");
      out.printf(
          Locale.ROOT,
          "  1000 environments <= %.0f s: %.1f s%s  %s%n",
          TARGET_1000_SECONDS,
          t.path("thousand_seconds_projected").asDouble(),
          t.path("thousand_measured_directly").asBoolean()
              ? ""
              : " (projected from " + options.count() + ")",
          t.path("thousand_met").asBoolean() ? "MET" : "MISSED");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private ObjectNode config(Path work) {
    ObjectNode node = json.createObjectNode();
    node.put("count", options.count());
    node.put("concurrency", options.concurrency());
    node.put("warmup", options.warmup());
    node.put("envs_per_org", options.environmentsPerOrganization());
    node.put("poll_interval_ms", options.pollInterval().toMillis());
    node.put("wait_seconds", options.waitSeconds());
    node.put("env_timeout_s", options.environmentTimeout().toSeconds());
    node.put("jar", options.jar().toString());
    node.put("java", options.java().toString());
    ArrayNode jvm = node.putArray("service_jvm_args");
    options.serviceJvmArgs().forEach(jvm::add);
    ArrayNode app = node.putArray("service_args");
    options.serviceArgs().forEach(app::add);
    node.put("work_dir", work.toString());
    node.put("run_id", runId);
    return node;
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static double mean(int[] values) {
    long sum = 0;
    for (int value : values) {
      sum += value;
    }
    return values.length == 0 ? 0 : (double) sum / values.length;
  }

  private static long countDatabases(Path directory) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".db"))
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .count();
    } catch (IOException e) {
      return -1;
    }
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
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
