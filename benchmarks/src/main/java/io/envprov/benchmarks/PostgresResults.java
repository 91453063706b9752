package io.envprov.benchmarks;

import static io.envprov.benchmarks.PostgresPhases.RAW;
import static io.envprov.benchmarks.PostgresPhases.SERVICE;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The figures of a {@link PostgresProvisioningBenchmark} run: its JSON form and its report. */
final class PostgresResults {

  /** Target: phase A median POST→active. */
  static final double TARGET_P50_MS = 150.0;

  /** Target: phase A service median over the raw SQL's median. */
  static final double TARGET_RATIO = 1.2;

  /** Target: phase B wall time. */
  static final double TARGET_WALL_SECONDS = 60.0;

  /**
   * One measured phase.
   *
   * @param interleaved the contenders take turns environment by environment (else one after
   *     another, each for the whole phase)
   */
  record Phase(String id, int count, int concurrency, boolean interleaved) {}

  /**
   * One contender in one phase.
   *
   * @param run the measured samples; in an interleaved phase its wall time is the sum of its own
   *     samples
   * @param warmup the warm-up samples
   * @param cpu CPU spent while it was measured
   * @param service the service's own details; null for a baseline
   */
  record Measured(
      ConcurrentRun.Result run,
      ConcurrentRun.Result warmup,
      PgCpu cpu,
      @Nullable ServiceSamples service) {}

  /** A phase and what each contender (service, raw-sql) measured in it. */
  record PhaseResult(Phase phase, Map<String, Measured> byContender) {}

  private final ObjectMapper json;
  private final PostgresBenchmarkOptions options;
  private final List<PhaseResult> phases;
  private final Instant started;

  PostgresResults(
      ObjectMapper json,
      PostgresBenchmarkOptions options,
      List<PhaseResult> phases,
      Instant started) {
    this.json = json;
    this.options = options;
    this.phases = phases;
    this.started = started;
  }

  // ---------------------------------------------------------------------------------------------
  // JSON

  void writeTo(ObjectNode result) {
    ObjectNode phasesNode = result.putObject("phases");
    for (PhaseResult phase : phases) {
      ObjectNode node = phasesNode.putObject(phase.phase().id());
      node.put("count", phase.phase().count());
      node.put("concurrency", phase.phase().concurrency());
      node.put("interleaved", phase.phase().interleaved());
      node.put("warmup", options.harness().warmup());
      if (options.harness().waitSeconds() > 0) {
        node.put("long_poll_seconds", options.harness().waitSeconds());
      } else {
        node.put("poll_interval_ms", options.pollInterval(phase.phase().interleaved()).toMillis());
      }
      phase.byContender().forEach((id, m) -> node.set(id, contender(phase.phase(), m)));
      Measured service = phase.byContender().get(SERVICE);
      if (service != null && phase.byContender().size() > 1) {
        ObjectNode ratios = node.putObject("ratios");
        phase
            .byContender()
            .forEach(
                (id, m) -> {
                  if (!id.equals(SERVICE)) {
                    LatencyStats s = service.run().stats();
                    LatencyStats b = m.run().stats();
                    ObjectNode r = ratios.putObject("service/" + id);
                    r.put("p50", LatencyStats.round(s.p50Ms() / b.p50Ms()));
                    r.put("p95", LatencyStats.round(s.p95Ms() / b.p95Ms()));
                    r.put("mean", LatencyStats.round(s.meanMs() / b.meanMs()));
                    r.put(
                        "wall",
                        LatencyStats.round(service.run().wallSeconds() / m.run().wallSeconds()));
                  }
                });
      }
    }
    targets(result.putObject("targets"));
  }

  private ObjectNode contender(Phase phase, Measured m) {
    ObjectNode node = json.createObjectNode();
    int n = phase.count();
    node.put("wall_seconds", LatencyStats.round(m.run().wallSeconds()));
    node.put("per_second", LatencyStats.round(m.run().perSecond()));
    m.run().stats().writeTo(node.putObject("latency"));
    m.warmup().stats().writeTo(node.putObject("warmup_latency"));
    ObjectNode cpu = node.putObject("cpu_ms_per_environment");
    cpu.put("service_jvm", LatencyStats.round(m.cpu().serviceNanos() / 1e6 / n));
    cpu.put("store_postgres", LatencyStats.round(m.cpu().storeNanos() / 1e6 / n));
    cpu.put("data_postgres", LatencyStats.round(m.cpu().dataNanos() / 1e6 / n));
    cpu.put("harness", LatencyStats.round(m.cpu().harnessNanos() / 1e6 / n));
    cpu.put("machine_busy_share", LatencyStats.round(m.cpu().busyShare()));
    cpu.put("other_processes_seconds", LatencyStats.round(m.cpu().otherSeconds()));
    ServiceSamples s = m.service();
    if (s != null) {
      s.writeTo(node, m.run().latencyNanos());
      node.put("operations_retried", s.retried());
      s.writeRows(node.putArray("samples"), m.run().latencyNanos(), true);
    } else {
      ArrayNode rows = node.putArray("latencies_ms");
      for (long nanos : m.run().latencyNanos()) {
        rows.add(LatencyStats.round(nanos / 1e6));
      }
    }
    return node;
  }

  private void targets(ObjectNode node) {
    for (PhaseResult phase : phases) {
      Measured service = phase.byContender().get(SERVICE);
      if (service == null) {
        continue;
      }
      LatencyStats s = service.run().stats();
      if (phase.phase().id().equals("A")) {
        node.put("a_p50_target_ms", TARGET_P50_MS);
        node.put("a_p50_ms", LatencyStats.round(s.p50Ms()));
        node.put("a_p50_met", s.p50Ms() <= TARGET_P50_MS);
        Measured raw = phase.byContender().get(RAW);
        if (raw != null) {
          double ratio = s.p50Ms() / raw.run().stats().p50Ms();
          node.put("a_ratio_target", TARGET_RATIO);
          node.put("a_ratio_vs_raw_sql", LatencyStats.round(ratio));
          node.put("a_ratio_met", ratio <= TARGET_RATIO);
        }
      } else {
        node.put("b_wall_target_seconds", TARGET_WALL_SECONDS);
        node.put("b_count", phase.phase().count());
        node.put("b_wall_seconds", LatencyStats.round(service.run().wallSeconds()));
        node.put("b_wall_met", service.run().wallSeconds() <= TARGET_WALL_SECONDS);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Report

  void print(PrintStream out, JsonNode result) {
    int cores = Runtime.getRuntime().availableProcessors();
    Report.banner(
        out,
        "POSTGRESQL PROVISIONING BENCHMARK  cores=%d  data server %s  %s",
        cores,
        options.durable()
            ? "fsync=on synchronous_commit=on"
            : "zonky defaults (fsync=on, synchronous_commit=off)",
        started);
    for (PhaseResult phase : phases) {
      Phase p = phase.phase();
      out.printf(
          Locale.ROOT,
          "%nPHASE %s: %d environments, concurrency %d, %s, %s (after %d warm-up each)%n",
          p.id(),
          p.count(),
          p.concurrency(),
          options.harness().waitSeconds() > 0
              ? "status by long poll (wait_seconds=" + options.harness().waitSeconds() + ")"
              : "polling every " + options.pollInterval(p.interleaved()).toMillis() + " ms",
          p.interleaved()
              ? "contenders interleaved environment by environment; wall = sum of own samples"
              : "one contender after the other",
          options.harness().warmup());
      phase
          .byContender()
          .forEach(
              (id, m) -> {
                out.printf(
                    Locale.ROOT,
                    "  %-19s %d in %.2f s = %.1f/s%n    latency  %s%n",
                    id,
                    p.count(),
                    m.run().wallSeconds(),
                    m.run().perSecond(),
                    m.run().stats().line());
                PgCpu cpu = m.cpu();
                int n = p.count();
                out.printf(
                    Locale.ROOT,
                    "    CPU ms/env: service JVM %.1f, store PG %.1f, data PG %.1f, harness %.1f;"
                        + " machine busy %.0f%% of %d cores%n",
                    cpu.serviceNanos() / 1e6 / n,
                    cpu.storeNanos() / 1e6 / n,
                    cpu.dataNanos() / 1e6 / n,
                    cpu.harnessNanos() / 1e6 / n,
                    cpu.busyShare() * 100,
                    cores);
                if (cpu.otherSeconds() > 0.05 * m.run().wallSeconds() * cores) {
                  out.printf(
                      Locale.ROOT,
                      "    WARNING: %.1f s of CPU not spent by this run's processes (other work,"
                          + " or the kernel for I/O); the figures may be disturbed%n",
                      cpu.otherSeconds());
                }
                ServiceSamples s = m.service();
                if (s != null) {
                  s.print(out, "    ", m.run().latencyNanos());
                  out.printf(
                      Locale.ROOT,
                      "    polls per environment %.1f; operations retried %d%n",
                      s.meanPolls(),
                      s.retried());
                }
              });
      result
          .path("phases")
          .path(p.id())
          .path("ratios")
          .properties()
          .forEach(
              e ->
                  out.printf(
                      Locale.ROOT,
                      "  %-29s p50 %.2fx | p95 %.2fx | mean %.2fx | wall %.2fx%n",
                      e.getKey(),
                      e.getValue().path("p50").asDouble(),
                      e.getValue().path("p95").asDouble(),
                      e.getValue().path("mean").asDouble(),
                      e.getValue().path("wall").asDouble()));
    }
    JsonNode reference = result.path("connection_reference").path("latency");
    if (!reference.isMissingNode()) {
      out.printf(
          Locale.ROOT,
          "%nREFERENCE one SCRAM admin connection to the data server (open, SELECT 1, close): p50"
              + " %.2f ms, mean %.2f ms%n",
          reference.path("p50_ms").asDouble(),
          reference.path("mean_ms").asDouble());
    }
    JsonNode t = result.path("targets");
    out.println();
    out.println("TARGETS");
    if (t.has("a_p50_ms")) {
      Report.target(
          out,
          t.path("a_p50_met").asBoolean(),
          "A: p50 POST->active <= %.0f ms: %.2f ms",
          TARGET_P50_MS,
          t.path("a_p50_ms").asDouble());
    }
    if (t.has("a_ratio_vs_raw_sql")) {
      Report.target(
          out,
          t.path("a_ratio_met").asBoolean(),
          "A: service p50 / raw-sql p50 <= %.1f: %.2f",
          TARGET_RATIO,
          t.path("a_ratio_vs_raw_sql").asDouble());
    }
    if (t.has("b_wall_seconds")) {
      Report.target(
          out,
          t.path("b_wall_met").asBoolean(),
          "B: %d environments <= %.0f s: %.1f s",
          t.path("b_count").asInt(),
          TARGET_WALL_SECONDS,
          t.path("b_wall_seconds").asDouble());
    }
  }
}
