package io.envprov.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
 * @param environmentTimeout how long one environment may stay {@code provisioning}
 * @param startupTimeout how long the service may take to report health UP
 * @param jar the control-plane exec jar
 * @param java the java executable that runs the service
 * @param serviceJvmArgs extra JVM options of the service (e.g. {@code -Xmx512m})
 * @param serviceArgs extra application arguments of the service (e.g. {@code
 *     --logging.level.io.envprov=debug})
 * @param resultsDir where the JSON result (and a copy of the service log) are written
 * @param workDir the parent of the run's temporary directory; null means the system temp dir
 * @param keepData keep the temporary directory (service data dir, baseline files) after the run
 * @param skipService skip the service phase (baselines only)
 * @param skipBaselines skip the baselines (service only)
 */
record BenchmarkOptions(
    int count,
    int concurrency,
    int warmup,
    int environmentsPerOrganization,
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
          .formatted(DEFAULT_JAR);

  /** Parses the command line; throws {@link IllegalArgumentException} with a readable message. */
  static BenchmarkOptions parse(String[] args) {
    int count = 1000;
    int concurrency = 4;
    int warmup = 20;
    int perOrganization = 250;
    long pollMillis = 2;
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
    boolean skipService = false;
    boolean skipBaselines = false;

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      @Nullable String inline = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        inline = arg.substring(equals + 1);
      }
      switch (name) {
        case "--help", "-h" -> throw new HelpRequested();
        case "--keep-data" -> keepData = true;
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
            case "--count" -> count = positive(name, value);
            case "--concurrency" -> concurrency = positive(name, value);
            case "--warmup" -> warmup = nonNegative(name, value);
            case "--envs-per-org" -> perOrganization = positive(name, value);
            case "--poll-interval-ms" -> pollMillis = nonNegative(name, value);
            case "--wait-seconds" -> waitSeconds = nonNegative(name, value);
            case "--env-timeout-s" -> environmentTimeoutSeconds = positive(name, value);
            case "--startup-timeout-s" -> startupTimeoutSeconds = positive(name, value);
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
    Path root = projectRoot();
    if (jar == null) {
      String property = System.getProperty("benchmark.jar");
      jar = property != null ? Path.of(property) : root.resolve(DEFAULT_JAR);
    }
    if (resultsDir == null) {
      resultsDir = root.resolve("benchmarks").resolve("results");
    }
    return new BenchmarkOptions(
        count,
        concurrency,
        warmup,
        perOrganization,
        Duration.ofMillis(pollMillis),
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
        skipService,
        skipBaselines);
  }

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

  private static int positive(String name, String value) {
    int parsed = integer(name, value);
    if (parsed <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return parsed;
  }

  private static int nonNegative(String name, String value) {
    int parsed = integer(name, value);
    if (parsed < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return parsed;
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs an integer, got " + value);
    }
  }

  /** Thrown by {@link #parse} for {@code --help}. */
  static final class HelpRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HelpRequested() {
      super("help requested", null, false, false);
    }
  }
}
