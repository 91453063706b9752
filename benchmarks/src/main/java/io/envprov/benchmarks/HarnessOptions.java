package io.envprov.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The options both provisioning harnesses ({@link BenchmarkOptions}, {@link
 * PostgresBenchmarkOptions}) take alike: how the environments are provisioned and polled, the
 * service they start, its timeouts, where the run's files go and which side of the comparison runs.
 *
 * @param concurrency workers provisioning at once (in the PostgreSQL benchmark: in phase B)
 * @param warmup environments provisioned, unmeasured, before each measured phase, service and
 *     baselines alike
 * @param pollInterval the pause between two status polls of one environment (in the PostgreSQL
 *     benchmark: in phase A)
 * @param waitSeconds read statuses with the API's long poll of this many seconds (0: poll)
 * @param environmentTimeout how long one environment may stay {@code provisioning}
 * @param startupTimeout how long the service may take to report health UP
 * @param jar the control-plane exec jar
 * @param java the java executable that runs the service
 * @param serviceJvmArgs extra JVM options of the service (e.g. {@code -Xmx512m})
 * @param serviceArgs extra application arguments of the service (e.g. {@code
 *     --logging.level.io.envprov=debug})
 * @param resultsDir where the JSON result and copies of the logs are written
 * @param workDir the parent of the run's temporary directory; null means the system temp dir
 * @param keepData keep the temporary directory after the run
 * @param skipService run the baselines only
 * @param skipBaselines run the service only
 */
record HarnessOptions(
    int concurrency,
    int warmup,
    Duration pollInterval,
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
    boolean skipService,
    boolean skipBaselines) {

  static final String DEFAULT_JAR = "control-plane/target/control-plane-0.1.0-SNAPSHOT-exec.jar";

  /** The options of this record that take no value. */
  static final Set<String> FLAGS = Set.of("--keep-data", "--skip-service", "--skip-baselines");

  /**
   * The repository root: the nearest directory, from the working directory up, that holds both
   * {@code benchmarks/} and {@code control-plane/}; the working directory when there is none.
   */
  static Path projectRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("benchmarks"))
          && Files.isDirectory(dir.resolve("control-plane"))) {
        return dir;
      }
    }
    return start;
  }

  /** Collects these options from a {@link CommandLine}, with their defaults. */
  static final class Builder {
    private int concurrency = 4;
    private int warmup = 20;
    private long pollMillis;
    private int waitSeconds;
    private long environmentTimeoutSeconds = 120;
    private long startupTimeoutSeconds = 180;
    private @Nullable Path jar;
    private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> serviceArgs = new ArrayList<>();
    private @Nullable Path resultsDir;
    private @Nullable Path workDir;
    private boolean keepData;
    private boolean skipService;
    private boolean skipBaselines;

    /**
     * @param pollMillis the default of {@code --poll-interval-ms}
     */
    Builder(long pollMillis) {
      this.pollMillis = pollMillis;
    }

    /** The command line of a harness whose own flags are {@code ownFlags}. */
    CommandLine commandLine(String[] args, String... ownFlags) {
      Set<String> flags = new HashSet<>(FLAGS);
      flags.addAll(List.of(ownFlags));
      return new CommandLine(args, flags);
    }

    /**
     * Takes the line's current option, one of these.
     *
     * @throws IllegalArgumentException when it is none of these
     */
    void take(CommandLine line) {
      switch (line.name()) {
        case "--concurrency" -> concurrency = line.atLeast(1);
        case "--warmup" -> warmup = line.atLeast(0);
        case "--poll-interval-ms" -> pollMillis = line.atLeast(0);
        case "--wait-seconds" -> waitSeconds = line.atLeast(0);
        case "--keep-data" -> keepData = true;
        case "--skip-service" -> skipService = true;
        case "--skip-baselines" -> skipBaselines = true;
        case "--env-timeout-s" -> environmentTimeoutSeconds = line.atLeast(1);
        case "--startup-timeout-s" -> startupTimeoutSeconds = line.atLeast(1);
        case "--jar" -> jar = Path.of(line.value());
        case "--java" -> java = Path.of(line.value());
        case "--service-jvm-arg" -> jvmArgs.add(line.value());
        case "--service-arg" -> serviceArgs.add(line.value());
        case "--results-dir" -> resultsDir = Path.of(line.value());
        case "--work-dir" -> workDir = Path.of(line.value());
        default -> throw line.unknown();
      }
    }

    /**
     * The options, with the defaults that depend on where the harness runs: the jar from the system
     * property {@code benchmark.jar}, else {@link #DEFAULT_JAR} below the project root; the results
     * in {@code benchmarks/results} there.
     */
    HarnessOptions build() {
      if (skipService && skipBaselines) {
        throw new IllegalArgumentException(
            "--skip-service and --skip-baselines leave nothing to do");
      }
      Path root = projectRoot();
      Path serviceJar = jar;
      if (serviceJar == null) {
        String property = System.getProperty("benchmark.jar");
        serviceJar = property != null ? Path.of(property) : root.resolve(DEFAULT_JAR);
      }
      Path results =
          resultsDir != null ? resultsDir : root.resolve("benchmarks").resolve("results");
      return new HarnessOptions(
          concurrency,
          warmup,
          Duration.ofMillis(pollMillis),
          waitSeconds,
          Duration.ofSeconds(environmentTimeoutSeconds),
          Duration.ofSeconds(startupTimeoutSeconds),
          serviceJar.toAbsolutePath().normalize(),
          java,
          List.copyOf(jvmArgs),
          List.copyOf(serviceArgs),
          results.toAbsolutePath().normalize(),
          workDir == null ? null : workDir.toAbsolutePath().normalize(),
          keepData,
          skipService,
          skipBaselines);
    }
  }
}
