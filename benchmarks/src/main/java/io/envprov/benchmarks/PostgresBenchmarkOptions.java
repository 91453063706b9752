package io.envprov.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link PostgresProvisioningBenchmark}; every option takes {@code --name
 * value} or {@code --name=value}. See {@link #USAGE}.
 *
 * @param sequentialCount environments of phase A (concurrency 1); 0 skips the phase
 * @param concurrentCount environments of phase B; 0 skips the phase
 * @param concurrency workers of phase B
 * @param warmup unmeasured environments before each measured phase, service and baselines alike
 * @param pollInterval pause between two status polls of one environment in phase A (10 ms: at 2 ms
 *     the polls cost about a core of the 2-core machine while the service provisions, and the
 *     service's own {@code CREATE DATABASE} slowed down under it)
 * @param concurrentPollInterval the same in phase B, where {@code concurrency} environments are
 *     polled at once and fast polling would make the harness a large share of the service's load
 * @param waitSeconds read statuses with the API's long poll of this many seconds (0: poll)
 * @param environmentTimeout how long one environment may stay {@code provisioning}
 * @param startupTimeout how long the service may take to report health UP
 * @param jar the control-plane exec jar
 * @param java the java executable that runs the service
 * @param serviceJvmArgs extra JVM options of the service
 * @param serviceArgs extra application arguments of the service
 * @param resultsDir where the JSON result and copies of the logs go
 * @param workDir parent of the run's temporary directory; null means the system temp dir
 * @param keepData keep the temporary directory after the run
 * @param durable data server with {@code fsync=on} and {@code synchronous_commit=on} (else zonky's
 *     defaults, {@code synchronous_commit=off})
 * @param traceDataServer let the data server log every connection and statement with its duration
 *     (for diagnosis; it slows the server down)
 * @param skipService run the baselines only
 * @param skipBaselines run the service only
 */
record PostgresBenchmarkOptions(
    int sequentialCount,
    int concurrentCount,
    int concurrency,
    int warmup,
    Duration pollInterval,
    Duration concurrentPollInterval,
    int waitSeconds,
    Duration environmentTimeout,
    Duration startupTimeout,
    Path jar,
    Path java,
    List<String> serviceJvmArgs,
    List<String> serviceArgs,
    Path resultsDir,
    @Nullable Path workDir,
    boolean keepData,
    boolean durable,
    boolean traceDataServer,
    boolean skipService,
    boolean skipBaselines) {

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
          .formatted(BenchmarkOptions.DEFAULT_JAR);

  static PostgresBenchmarkOptions parse(String[] args) {
    int sequential = 50;
    int concurrent = 200;
    int concurrency = 4;
    int warmup = 20;
    long pollMillis = 10;
    long concurrentPollMillis = 20;
    int waitSeconds = 0;
    long environmentTimeoutSeconds = 120;
    long startupTimeoutSeconds = 180;
    @Nullable Path jar = null;
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> jvmArgs = new ArrayList<>();
    List<String> serviceArgs = new ArrayList<>();
    @Nullable Path resultsDir = null;
    @Nullable Path workDir = null;
    boolean keepData = false;
    boolean durable = true;
    boolean trace = false;
    boolean skipService = false;
    boolean skipBaselines = false;

    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      @Nullable String inline = null;
      int equals = name.indexOf('=');
      if (name.startsWith("--") && equals > 0) {
        inline = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      switch (name) {
        case "--help", "-h" -> throw new BenchmarkOptions.HelpRequested();
        case "--keep-data" -> keepData = true;
        case "--trace-data-server" -> trace = true;
        case "--skip-service" -> skipService = true;
        case "--skip-baselines" -> skipBaselines = true;
        default -> {
          String value;
          if (inline != null) {
            value = inline;
          } else if (i + 1 < args.length) {
            value = args[++i];
          } else {
            throw new IllegalArgumentException(name + " needs a value");
          }
          switch (name) {
            case "--sequential-count" -> sequential = atLeast(name, value, 0);
            case "--concurrent-count" -> concurrent = atLeast(name, value, 0);
            case "--concurrency" -> concurrency = atLeast(name, value, 1);
            case "--warmup" -> warmup = atLeast(name, value, 0);
            case "--poll-interval-ms" -> pollMillis = atLeast(name, value, 0);
            case "--wait-seconds" -> waitSeconds = atLeast(name, value, 0);
            case "--concurrent-poll-interval-ms" -> concurrentPollMillis = atLeast(name, value, 0);
            case "--env-timeout-s" -> environmentTimeoutSeconds = atLeast(name, value, 1);
            case "--startup-timeout-s" -> startupTimeoutSeconds = atLeast(name, value, 1);
            case "--data-fsync" ->
                durable =
                    switch (value) {
                      case "on" -> true;
                      case "off" -> false;
                      default -> throw new IllegalArgumentException("--data-fsync takes on or off");
                    };
            case "--jar" -> jar = Path.of(value);
            case "--java" -> java = Path.of(value);
            case "--service-jvm-arg" -> jvmArgs.add(value);
            case "--service-arg" -> serviceArgs.add(value);
            case "--results-dir" -> resultsDir = Path.of(value);
            case "--work-dir" -> workDir = Path.of(value);
            default -> throw new IllegalArgumentException("unknown option " + name);
          }
        }
      }
    }
    if (skipService && skipBaselines) {
      throw new IllegalArgumentException("--skip-service and --skip-baselines leave nothing to do");
    }
    if (sequential == 0 && concurrent == 0) {
      throw new IllegalArgumentException("both phases have 0 environments");
    }
    Path root = BenchmarkOptions.projectRoot();
    if (jar == null) {
      String property = System.getProperty("benchmark.jar");
      jar = property != null ? Path.of(property) : root.resolve(BenchmarkOptions.DEFAULT_JAR);
    }
    if (resultsDir == null) {
      resultsDir = root.resolve("benchmarks").resolve("results");
    }
    return new PostgresBenchmarkOptions(
        sequential,
        concurrent,
        concurrency,
        warmup,
        Duration.ofMillis(pollMillis),
        Duration.ofMillis(concurrentPollMillis),
        waitSeconds,
        Duration.ofSeconds(environmentTimeoutSeconds),
        Duration.ofSeconds(startupTimeoutSeconds),
        jar.toAbsolutePath().normalize(),
        java,
        List.copyOf(jvmArgs),
        List.copyOf(serviceArgs),
        resultsDir.toAbsolutePath().normalize(),
        workDir == null ? null : workDir.toAbsolutePath().normalize(),
        keepData,
        durable,
        trace,
        skipService,
        skipBaselines);
  }

  private static int atLeast(String name, String value, int minimum) {
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs an integer, got " + value);
    }
    if (parsed < minimum) {
      throw new IllegalArgumentException(name + " must be at least " + minimum + ", got " + value);
    }
    return parsed;
  }
}
