package io.envprov.benchmarks;

import io.envprov.benchmarks.PostgresResults.Measured;
import io.envprov.benchmarks.PostgresResults.Phase;
import io.envprov.benchmarks.PostgresResults.PhaseResult;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The measured phases of {@link PostgresProvisioningBenchmark}: the contenders (the service through
 * its API, the raw SQL) make numbered environments, either taking turns environment by environment
 * or one after another at a concurrency, each after its warm-up; CPU is sampled around each.
 */
final class PostgresPhases {

  static final String SERVICE = "service";
  static final String RAW = "raw-sql";

  /** One way of making numbered environments. */
  interface Contender {
    String id();

    /** Makes environment {@code index} of {@code stage} (e.g. {@code a_m}); times nothing. */
    ApiProvisioner.@Nullable Sample provision(String stage, int index) throws Exception;
  }

  private final int warmup;
  private final PrintStream out;
  private final @Nullable ControlPlaneProcess service;
  private final EmbeddedDataServer data;

  /**
   * @param warmup unmeasured environments per contender before each phase
   * @param service the service, whose CPU is sampled; null when it does not run
   * @param data the data server, whose CPU is sampled
   */
  PostgresPhases(
      int warmup, PrintStream out, @Nullable ControlPlaneProcess service, EmbeddedDataServer data) {
    this.warmup = warmup;
    this.out = out;
    this.service = service;
    this.data = data;
  }

  /** Runs {@code phase} as it says: interleaved, or one contender after another. */
  PhaseResult run(Phase phase, String prefix, List<Contender> contenders) throws Exception {
    return phase.interleaved()
        ? interleaved(phase, prefix, contenders)
        : oneAfterAnother(phase, prefix, contenders);
  }

  /**
   * One environment at a time, the contenders taking turns in an order that rotates with the index,
   * so that none always follows the same other one.
   */
  private PhaseResult interleaved(Phase phase, String prefix, List<Contender> contenders)
      throws Exception {
    int n = contenders.size();
    Map<String, long[]> warm = new LinkedHashMap<>();
    Map<String, long[]> measured = new LinkedHashMap<>();
    Map<String, PgCpu> cpu = new LinkedHashMap<>();
    ApiProvisioner.@Nullable Sample[] samples = new ApiProvisioner.Sample[phase.count()];
    for (Contender c : contenders) {
      warm.put(c.id(), new long[warmup]);
      measured.put(c.id(), new long[phase.count()]);
      cpu.put(c.id(), PgCpu.ZERO);
    }
    out.printf(
        Locale.ROOT,
        "[phase %s] %d warm-up rounds, then %d measured rounds of %s, one environment at a"
            + " time...%n",
        phase.id(),
        warmup,
        phase.count(),
        contenders.stream().map(Contender::id).toList());
    for (int i = 0; i < warmup; i++) {
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
      @Nullable ServiceSamples detail = c.id().equals(SERVICE) ? ServiceSamples.of(samples) : null;
      byContender.put(c.id(), new Measured(run, warmRun, cpu.get(c.id()), detail));
      out.printf(Locale.ROOT, "[phase %s] %-19s %s%n", phase.id(), c.id(), run.stats().line());
    }
    return new PhaseResult(phase, byContender);
  }

  /** Each contender on its own: warm-up, then the measured environments at the concurrency. */
  private PhaseResult oneAfterAnother(Phase phase, String prefix, List<Contender> contenders)
      throws Exception {
    Map<String, Measured> byContender = new LinkedHashMap<>();
    for (Contender c : contenders) {
      ConcurrentRun.Result warm =
          ConcurrentRun.run(
              c.id() + "-warmup", warmup, phase.concurrency(), i -> c.provision(prefix + "_w", i));
      ApiProvisioner.@Nullable Sample[] samples = new ApiProvisioner.Sample[phase.count()];
      out.printf(
          Locale.ROOT,
          "[phase %s] %s: %d warm-up environments done; measuring %d at concurrency %d...%n",
          phase.id(),
          c.id(),
          warmup,
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
      @Nullable ServiceSamples detail = c.id().equals(SERVICE) ? ServiceSamples.of(samples) : null;
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

  /** The service through its API: one organization per stage, created before any timing. */
  static final class ServiceContender implements Contender {
    private final ApiProvisioner api;
    private final String runId;
    private final Map<String, String> organizations = new HashMap<>();

    ServiceContender(ApiProvisioner api, String runId) {
      this.api = api;
      this.runId = runId;
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

  /** The raw SQL: database {@code <prefix>_<stage>_<index>} made by {@code baseline}. */
  static Contender raw(String prefix, DirectPostgresBaseline baseline) {
    return new Contender() {
      @Override
      public String id() {
        return RAW;
      }

      @Override
      public ApiProvisioner.@Nullable Sample provision(String stage, int index)
          throws SQLException {
        baseline.create(prefix + "_" + stage + "_" + index);
        return null;
      }
    };
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long value : values) {
      total += value;
    }
    return total;
  }
}
