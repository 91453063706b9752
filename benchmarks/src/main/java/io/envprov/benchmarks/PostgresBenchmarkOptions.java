package io.envprov.benchmarks;

import java.time.Duration;

/**
 * The command line of {@link PostgresProvisioningBenchmark}; every option takes {@code --name
 * value} or {@code --name=value}. See {@link #USAGE}.
 *
 * @param sequentialCount environments of phase A (concurrency 1); 0 skips the phase
 * @param concurrentCount environments of phase B; 0 skips the phase
 * @param concurrentPollInterval the pause between two status polls in phase B, where {@code
 *     concurrency} environments are polled at once and fast polling would make the harness a large
 *     share of the service's load
 * @param durable data server with {@code fsync=on} and {@code synchronous_commit=on} (else zonky's
 *     defaults, {@code synchronous_commit=off})
 * @param traceDataServer let the data server log every connection and statement with its duration
 *     (for diagnosis; it slows the server down)
 * @param harness the options every provisioning harness takes: the concurrency of phase B, the
 *     warm-up, the polling of phase A (10 ms by default: at 2 ms the polls cost about a core of the
 *     2-core machine while the service provisions, and the service's own {@code CREATE DATABASE}
 *     slowed down under it), the service, the run's files, the sides that run
 */
record PostgresBenchmarkOptions(
    int sequentialCount,
    int concurrentCount,
    Duration concurrentPollInterval,
    boolean durable,
    boolean traceDataServer,
    HarnessOptions harness) {

  private static final String TRACE = "--trace-data-server";

  static final String USAGE =
      """
      Usage: PostgresProvisioningBenchmark [options]

        --sequential-count N     phase A: environments one after another (50; 0 skips phase A)
        --concurrent-count N     phase B: environments at --concurrency (200; 0 skips phase B)
        --concurrency C          workers of phase B (4)
        --warmup W               unmeasured environments before each phase, service and
                                 baselines alike (20)
        --data-fsync on|off      on: the data server runs with fsync=on, synchronous_commit=on
                                 (default); off: zonky's defaults (synchronous_commit=off)
        --trace-data-server      log every data-server connection and statement with its
                                 duration (diagnosis only: slows the server down)
        --poll-interval-ms MS    phase A: pause between two status polls of one
                                 environment (10; 2 ms polling keeps about one of the
                                 2 cores busy answering polls while the service provisions)
        --concurrent-poll-interval-ms MS
                                 phase B: the same (20; at concurrency 4 on 2 cores, 2 ms
                                 polling costs the service more CPU than the provisioning)
        --wait-seconds S         read the status with the API's long poll (GET ...?wait_seconds=S)
                                 instead of polling (0: poll, the default)
        --env-timeout-s S        longest time one environment may stay provisioning (120)
        --startup-timeout-s S    longest time the service may take to become healthy (180)
        --jar PATH               control-plane exec jar (<project root>/%s)
        --java PATH              java executable for the service (the one running the harness)
        --service-jvm-arg ARG    extra JVM option for the service; repeatable
        --service-arg ARG        extra application argument for the service; repeatable
        --results-dir DIR        where results go (<project root>/benchmarks/results)
        --work-dir DIR           parent of the run's temporary directory (system temp dir)
        --keep-data              keep the temporary directory after the run
        --skip-service           run the raw-SQL baselines only
        --skip-baselines         run the service only
        --help                   print this text
      """
          .formatted(HarnessOptions.DEFAULT_JAR);

  /** The pause between two status polls in a phase, interleaved (A) or not (B). */
  Duration pollInterval(boolean interleaved) {
    return interleaved ? harness.pollInterval() : concurrentPollInterval;
  }

  static PostgresBenchmarkOptions parse(String[] args) {
    int sequential = 50;
    int concurrent = 200;
    long concurrentPollMillis = 20;
    boolean durable = true;
    boolean trace = false;
    HarnessOptions.Builder harness = new HarnessOptions.Builder(10);
    for (CommandLine line = harness.commandLine(args, TRACE); line.next(); ) {
      switch (line.name()) {
        case TRACE -> trace = true;
        case "--sequential-count" -> sequential = line.atLeast(0);
        case "--concurrent-count" -> concurrent = line.atLeast(0);
        case "--concurrent-poll-interval-ms" -> concurrentPollMillis = line.atLeast(0);
        case "--data-fsync" ->
            durable =
                switch (line.value()) {
                  case "on" -> true;
                  case "off" -> false;
                  default -> throw new IllegalArgumentException("--data-fsync takes on or off");
                };
        default -> harness.take(line);
      }
    }
    HarnessOptions common = harness.build();
    if (sequential == 0 && concurrent == 0) {
      throw new IllegalArgumentException("both phases have 0 environments");
    }
    return new PostgresBenchmarkOptions(
        sequential, concurrent, Duration.ofMillis(concurrentPollMillis), durable, trace, common);
  }
}
