package io.envprov.benchmarks;

import io.envprov.benchmarks.ProvisioningResults.BaselinePhase;
import io.envprov.benchmarks.ProvisioningResults.ServicePhase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
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
 * benchmarks/README.md} for how to read the output. The report and the JSON are {@link
 * ProvisioningResults}'s.
 */
public final class ProvisioningBenchmark {

  private final BenchmarkOptions options;
  private final HarnessOptions harness;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final PrintStream out = System.out;
  private final Instant started = Instant.now();
  private final String runId = randomHex(3);
  private final ProvisioningResults results;

  private ProvisioningBenchmark(BenchmarkOptions options) {
    this.options = options;
    this.harness = options.harness();
    this.results = new ProvisioningResults(json, options, started);
  }

  /**
   * Runs the benchmark; see the class comment and {@code --help}. Exits 0 when the run completed
   * (whether or not the targets were met), 1 when it failed (the service failed an environment,
   * answered unexpectedly or could not start), 2 on a bad command line.
   *
   * @param args options such as {@code --count 1000 --concurrency 4}
   */
  public static void main(String[] args) {
    CommandLine.main(
        args,
        BenchmarkOptions::parse,
        BenchmarkOptions.USAGE,
        options -> new ProvisioningBenchmark(options).run());
  }

  private int run() throws Exception {
    RunDirectory dir = RunDirectory.create(harness, "envprov-bench-", "provisioning", started);
    ObjectNode result = dir.newResult(json, started);
    result.set("config", config(dir.work()));

    out.printf(
        Locale.ROOT,
        "envprov provisioning benchmark %s: %d environments, concurrency %d, warm-up %d%n",
        dir.stamp(),
        options.count(),
        harness.concurrency(),
        harness.warmup());
    out.println(dir.machineLine());
    out.println();

    @Nullable ServicePhase service = null;
    Map<DirectSqliteBaseline.Kind, BaselinePhase> baselines = new LinkedHashMap<>();
    boolean failed = false;
    try {
      if (!harness.skipService()) {
        service = runService(dir);
      }
      if (!harness.skipBaselines()) {
        for (DirectSqliteBaseline.Kind kind : DirectSqliteBaseline.Kind.values()) {
          baselines.put(kind, runBaseline(kind, dir.work()));
        }
      }
    } catch (Exception e) {
      failed = true;
      result.put("error", e.toString());
      throw e;
    } finally {
      result.put("finished_at", Instant.now().toString());
      result.put("completed", !failed);
      results.writeTo(result, service, baselines);
      dir.finish(json, result, out);
    }

    results.print(out, service, baselines, result);
    out.println();
    out.println("result written to " + dir.resultFile());
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Service phase

  private ServicePhase runService(RunDirectory dir) throws Exception {
    HarnessService service = HarnessService.start(harness, dir.work(), out);
    ControlPlaneProcess process = service.process();
    ObjectNode node = json.createObjectNode();
    node.put("jar", harness.jar().toString());
    node.put("pid", process.pid());
    node.put("base_uri", process.baseUri().toString());
    node.put("log_file", process.logFile().toString());
    try {
      Duration startup = service.awaitHealthy(node, true);
      ControlPlaneClient client = service.client(json);
      ApiProvisioner api =
          new ApiProvisioner(
              client,
              harness.pollInterval(),
              harness.environmentTimeout(),
              null,
              null,
              harness.waitSeconds());

      // Warm-up: not measured.
      long warmStart = System.nanoTime();
      String warmOrg = api.createOrganization("bw-" + runId, "Benchmark warm-up " + runId);
      ConcurrentRun.Result warm =
          ConcurrentRun.run(
              "warmup",
              harness.warmup(),
              harness.concurrency(),
              i -> api.provision(warmOrg, "warm-" + i));
      out.printf(
          Locale.ROOT,
          "[service] warm-up: %d environments in %.1f s (%s)%n",
          harness.warmup(),
          (System.nanoTime() - warmStart) / 1e9,
          warm.stats().line());
      node.set("warmup", warm.stats().writeTo(json.createObjectNode()));

      // Organizations of the measured phase, created (and their default environments
      // provisioned) before the clock starts.
      int perOrganization = options.environmentsPerOrganization();
      int organizations = (options.count() + perOrganization - 1) / perOrganization;
      List<String> orgIds = new ArrayList<>();
      for (int o = 0; o < organizations; o++) {
        orgIds.add(api.createOrganization("bm-" + runId + "-" + o, "Benchmark " + o));
      }
      node.put("organizations", organizations);

      // Measured.
      ApiProvisioner.@Nullable Sample[] samples = new ApiProvisioner.Sample[options.count()];
      out.printf(
          Locale.ROOT,
          "[service] measuring %d environments over %d organization(s) at concurrency %d...%n",
          options.count(),
          organizations,
          harness.concurrency());
      CpuUsage cpuBefore = CpuUsage.sample(process.handle(), process.postmaster());
      java.time.Instant measuredFrom = java.time.Instant.now();
      ConcurrentRun.Result run =
          ConcurrentRun.run(
              "provision",
              options.count(),
              harness.concurrency(),
              i -> samples[i] = api.provision(orgIds.get(i / perOrganization), "env-" + i));
      CpuUsage cpu = CpuUsage.sample(process.handle(), process.postmaster()).since(cpuBefore);
      // For profiles of the service (benchmarks/jfr-summary.py --from --to).
      out.printf(
          Locale.ROOT, "[service] measured from %s to %s%n", measuredFrom, java.time.Instant.now());

      // Diagnostics, not timed: where the server spent the time.
      ServiceSamples detail = ServiceSamples.of(samples).withOperations(client);
      long sqliteFiles = countDatabases(process.dataDir().resolve("sqlite"));
      ServicePhase phase = new ServicePhase(run, detail, startup, cpu, node);
      results.writeService(phase, sqliteFiles, organizations);
      return phase;
    } catch (Exception e) {
      out.println("[service] FAILED: " + e.getMessage());
      out.println("[service] last log lines:");
      out.println(process.tail(30));
      throw e;
    } finally {
      node.put("shutdown", service.stop());
      try {
        Path copy = dir.copy(process.logFile(), "control-plane.log");
        if (copy != null) {
          node.put("log_copy", copy.toString());
        }
      } catch (IOException e) {
        out.println("[service] could not copy the log: " + e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Baselines

  private BaselinePhase runBaseline(DirectSqliteBaseline.Kind kind, Path work) throws Exception {
    DirectSqliteBaseline baseline =
        new DirectSqliteBaseline(kind, work.resolve("baseline-" + kind.id));
    ConcurrentRun.run(
        kind.id + "-warmup",
        harness.warmup(),
        harness.concurrency(),
        i -> baseline.create("warm_", i));
    ConcurrentRun.Result run =
        ConcurrentRun.run(
            kind.id, options.count(), harness.concurrency(), i -> baseline.create("env_", i));
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
  // Helpers

  private ObjectNode config(Path work) {
    ObjectNode node = json.createObjectNode();
    node.put("count", options.count());
    node.put("concurrency", harness.concurrency());
    node.put("warmup", harness.warmup());
    node.put("envs_per_org", options.environmentsPerOrganization());
    node.put("poll_interval_ms", harness.pollInterval().toMillis());
    node.put("wait_seconds", harness.waitSeconds());
    node.put("env_timeout_s", harness.environmentTimeout().toSeconds());
    node.put("jar", harness.jar().toString());
    node.put("java", harness.java().toString());
    ArrayNode jvm = node.putArray("service_jvm_args");
    harness.serviceJvmArgs().forEach(jvm::add);
    ArrayNode app = node.putArray("service_args");
    harness.serviceArgs().forEach(app::add);
    node.put("work_dir", work.toString());
    node.put("run_id", runId);
    return node;
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
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
}
