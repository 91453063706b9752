package io.envprov.benchmarks;

/**
 * The command line of {@link ProvisioningBenchmark}. Every option takes {@code --name value} or
 * {@code --name=value}; see {@link #USAGE}.
 *
 * @param count environments provisioned in the measured phase (and files in each baseline)
 * @param environmentsPerOrganization environments per organization in the measured phase
 * @param harness the options every provisioning harness takes (concurrency, warm-up, polling, the
 *     service, the run's files, the sides that run)
 */
record BenchmarkOptions(int count, int environmentsPerOrganization, HarnessOptions harness) {

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
    int perOrganization = 250;
    HarnessOptions.Builder harness = new HarnessOptions.Builder(2);
    for (CommandLine line = harness.commandLine(args); line.next(); ) {
      switch (line.name()) {
        case "--count" -> count = line.atLeast(1);
        case "--envs-per-org" -> perOrganization = line.atLeast(1);
        default -> harness.take(line);
      }
    }
    return new BenchmarkOptions(count, perOrganization, harness.build());
  }
}
