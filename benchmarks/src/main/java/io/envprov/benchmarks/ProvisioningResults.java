package io.envprov.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** The figures of a {@link ProvisioningBenchmark} run: its JSON form and its report. */
final class ProvisioningResults {

  /** Target: median POST→active latency (after warm-up, concurrency 4). */
  static final double TARGET_P50_MS = 25.0;

  /** Target: environments provisioned per second. */
  static final double TARGET_RATE = 250.0;

  /** Target: the service JVM's CPU per environment, in milliseconds. */
  static final double TARGET_CPU_MS = 5.0;

  /** Target: 1000 environments within this many seconds. */
  static final double TARGET_1000_SECONDS = 60.0;

  /**
   * What the service phase measured.
   *
   * @param json the service's part of the JSON result, which the report reads back
   */
  record ServicePhase(
      ConcurrentRun.Result run,
      ServiceSamples detail,
      Duration startup,
      CpuUsage cpu,
      ObjectNode json) {}

  /** What one baseline measured. */
  record BaselinePhase(
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

  private final ObjectMapper json;
  private final BenchmarkOptions options;
  private final Instant started;

  ProvisioningResults(ObjectMapper json, BenchmarkOptions options, Instant started) {
    this.json = json;
    this.options = options;
    this.started = started;
  }

  // ---------------------------------------------------------------------------------------------
  // JSON

  /** The measured service phase into {@code phase.json()}. */
  void writeService(ServicePhase phase, long sqliteFiles, int organizations) {
    ObjectNode node = phase.json();
    ConcurrentRun.Result run = phase.run();
    int count = run.latencyNanos().length;
    node.put("count", count);
    node.put("concurrency", options.harness().concurrency());
    node.put("wall_seconds", LatencyStats.round(run.wallSeconds()));
    node.put("environments_per_second", LatencyStats.round(run.perSecond()));
    run.stats().writeTo(node.putObject("post_to_active"));
    phase.detail().writeTo(node, run.latencyNanos());
    ObjectNode cpu = node.putObject("cpu_during_measured_phase");
    cpu.put("service_jvm_seconds", LatencyStats.round(phase.cpu().serviceNanos() / 1e9));
    cpu.put("service_jit_seconds", LatencyStats.round(phase.cpu().serviceJitNanos() / 1e9));
    cpu.put("service_gc_seconds", LatencyStats.round(phase.cpu().serviceGcNanos() / 1e9));
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
    node.put("operations_retried", phase.detail().retried());
    node.put("sqlite_files_after_run", sqliteFiles);
    // Warm-up + measured + the default environment of each organization (warm-up one included).
    node.put(
        "sqlite_files_expected", options.harness().warmup() + options.count() + organizations + 1);

    // Drift: the first and last tenth of the measured environments, in start order.
    int tenth = Math.max(1, count / 10);
    long[] first = Arrays.copyOfRange(run.latencyNanos(), 0, tenth);
    long[] last = Arrays.copyOfRange(run.latencyNanos(), count - tenth, count);
    LatencyStats.ofNanos(first).writeTo(node.putObject("first_tenth_post_to_active"));
    LatencyStats.ofNanos(last).writeTo(node.putObject("last_tenth_post_to_active"));

    phase.detail().writeRows(node.putArray("samples"), run.latencyNanos(), false);
  }

  /** The phases' parts of the result: service, baselines, ratios and targets. */
  void writeTo(
      ObjectNode result,
      @Nullable ServicePhase service,
      Map<DirectSqliteBaseline.Kind, BaselinePhase> baselines) {
    if (service != null) {
      result.set("service", service.json());
    }
    ObjectNode baselineNode = result.putObject("baselines");
    baselines.forEach((kind, phase) -> baselineNode.set(kind.id, phase.toJson(json)));
    if (service != null && !baselines.isEmpty()) {
      result.set("ratios", ratios(service, baselines));
    }
    if (service != null) {
      result.set("targets", targets(service));
    }
  }

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
    double rate = service.run().perSecond();
    double cpuMs = service.cpu().serviceNanos() / 1e6 / service.run().latencyNanos().length;
    node.put("rate_target_per_second", TARGET_RATE);
    node.put("rate_per_second", LatencyStats.round(rate));
    node.put("rate_met", rate >= TARGET_RATE);
    node.put("cpu_target_ms_per_env", TARGET_CPU_MS);
    node.put("cpu_ms_per_env", LatencyStats.round(cpuMs));
    node.put("cpu_met", cpuMs <= TARGET_CPU_MS);
    node.put("cores", Runtime.getRuntime().availableProcessors());
    return node;
  }

  // ---------------------------------------------------------------------------------------------
  // Report

  void print(
      PrintStream out,
      @Nullable ServicePhase service,
      Map<DirectSqliteBaseline.Kind, BaselinePhase> baselines,
      JsonNode result) {
    int cores = Runtime.getRuntime().availableProcessors();
    Report.banner(
        out,
        "PROVISIONING BENCHMARK  count=%d  concurrency=%d  cores=%d  %s",
        options.count(),
        options.harness().concurrency(),
        cores,
        started);
    if (service != null) {
      printService(out, service, cores);
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
      Report.target(
          out,
          t.path("p50_met").asBoolean(),
          "p50 POST->active <= %.0f ms: %.2f ms",
          TARGET_P50_MS,
          t.path("p50_ms").asDouble());
      Report.target(
          out,
          t.path("thousand_met").asBoolean(),
          "1000 environments <= %.0f s: %.1f s%s",
          TARGET_1000_SECONDS,
          t.path("thousand_seconds_projected").asDouble(),
          t.path("thousand_measured_directly").asBoolean()
              ? ""
              : " (projected from " + options.count() + ")");
      Report.target(
          out,
          t.path("rate_met").asBoolean(),
          "rate >= %.0f environments/s: %.1f /s",
          TARGET_RATE,
          t.path("rate_per_second").asDouble());
      Report.target(
          out,
          t.path("cpu_met").asBoolean(),
          "service JVM CPU <= %.0f ms/env: %.1f ms/env",
          TARGET_CPU_MS,
          t.path("cpu_ms_per_env").asDouble());
    }
  }

  private void printService(PrintStream out, ServicePhase service, int cores) {
    ConcurrentRun.Result run = service.run();
    out.println(
        options.harness().waitSeconds() > 0
            ? "SERVICE (HTTP API, POST -> active, long poll wait_seconds="
                + options.harness().waitSeconds()
                + ")"
            : "SERVICE (HTTP API, POST -> active, polling every "
                + options.harness().pollInterval().toMillis()
                + " ms)");
    out.printf(
        Locale.ROOT,
        "  %d environments in %.2f s = %.1f environments/s  (startup to healthy %.1f s)%n",
        run.latencyNanos().length,
        run.wallSeconds(),
        run.perSecond(),
        service.startup().toMillis() / 1000.0);
    out.println("  POST -> active            " + run.stats().line());
    service.detail().print(out, "  ", run.latencyNanos());
    out.printf(Locale.ROOT, "  mean polls per environment %.1f%n", service.detail().meanPolls());
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
        cores);
    out.printf(
        Locale.ROOT,
        "    of the service JVM's: JIT compiler %.1f ms/env, GC %.1f ms/env, the rest (application"
            + " threads) %.1f ms/env%n",
        // Compiler threads come and go (HotSpot starts and stops them with the load); one that
        // ended during the phase took its CPU time with it, so the difference can dip below 0.
        Math.max(0, cpu.serviceJitNanos()) / 1e6 / count,
        cpu.serviceGcNanos() / 1e6 / count,
        (cpu.serviceNanos() - Math.max(0, cpu.serviceJitNanos()) - cpu.serviceGcNanos())
            / 1e6
            / count);
    if (cpu.otherSeconds() > 0.05 * run.wallSeconds() * cores) {
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
}
