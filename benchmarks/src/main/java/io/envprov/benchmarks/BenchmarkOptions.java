package io.envprov.benchmarks;

import java.time.Duration;

/**
 * The command line of {@link ProvisioningBenchmark}. Every option takes {@code --name value} or
 * {@code --name=value}; see {@link #USAGE}.
 *
 * @param count environments provisioned in the measured phase (and files in each baseline)
 * @param concurrency workers provisioning at once, in the service phase and in the baselines
 * @param warmup environments provisioned, unmeasured, before each measured phase
 * @param environmentsPerOrganization environments per organization in the measured phase
 * @param pollInterval the pause between two status polls of one environment
 * @param waitSeconds read statuses with the API's long poll of this many seconds (0: poll)
 * @param harness the service, its timeouts, the run's files, the sides that run
 */
record BenchmarkOptions(
    int count,
    int concurrency,
    int warmup,
    int environmentsPerOrganization,
    Duration pollInterval,
    int waitSeconds,
    HarnessOptions harness) {

  static final String USAGE =
      """
      Usage: ProvisioningBenchmark [options]

        --count N                environments in the measured phase and in each baseline (1000)
        --concurrency C          concurrent workers in every phase (4)
        --warmup W               unmeasured environments before each phase (20)
        --envs-per-org K         environments per organization in the measured phase (250)
        --poll-interval-ms MS    pause between two status polls of one environment (2)
        --wait-seconds S         read statuses with the API's long poll
                                 (GET /v1/environments/{id}?wait_seconds=S) instead of polling (0)
        --env-timeout-s S        longest time one environment may stay provisioning (120)
        --startup-timeout-s S    longest time the service may take to become healthy (180)
        --jar PATH               control-plane exec jar (system property benchmark.jar, else
                                 <project root>/%s)
        --java PATH              java executable for the service (the one running the harness)
        --service-jvm-arg ARG    extra JVM option for the service; repeatable
        --service-arg ARG        extra application argument for the service; repeatable
        --results-dir DIR        where results go (<project root>/benchmarks/results)
        --work-dir DIR           parent of the run's temporary directory (system temp dir)
        --keep-data              keep the service data dir and baseline files after the run
        --skip-service           run the baselines only
        --skip-baselines         run the service phase only
        --help                   print this text
      """
          .formatted(HarnessOptions.DEFAULT_JAR);

  /** Parses the command line; throws {@link IllegalArgumentException} with a readable message. */
  static BenchmarkOptions parse(String[] args) {
    int count = 1000;
    int concurrency = 4;
    int warmup = 20;
    int perOrganization = 250;
    long pollMillis = 2;
    int waitSeconds = 0;
    HarnessOptions.Builder harness = new HarnessOptions.Builder();
    CommandLine line = new CommandLine(args, HarnessOptions.FLAGS);
    while (line.next()) {
      switch (line.name()) {
        case "--count" -> count = line.atLeast(1);
        case "--concurrency" -> concurrency = line.atLeast(1);
        case "--warmup" -> warmup = line.atLeast(0);
        case "--envs-per-org" -> perOrganization = line.atLeast(1);
        case "--poll-interval-ms" -> pollMillis = line.atLeast(0);
        case "--wait-seconds" -> waitSeconds = line.atLeast(0);
        default -> {
          if (!harness.accept(line)) {
            throw line.unknown();
          }
        }
      }
    }
    return new BenchmarkOptions(
        count,
        concurrency,
        warmup,
        perOrganization,
        Duration.ofMillis(pollMillis),
        waitSeconds,
        harness.build());
  }
}
