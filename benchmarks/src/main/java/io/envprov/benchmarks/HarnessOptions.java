package io.envprov.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The options both provisioning harnesses ({@link BenchmarkOptions}, {@link
 * PostgresBenchmarkOptions}) take alike: the service they start, its timeouts, where the run's
 * files go and which side of the comparison runs.
 *
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

    /** Takes the line's current option if it is one of these; false when it is not. */
    boolean accept(CommandLine line) {
      switch (line.name()) {
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
        default -> {
          return false;
        }
      }
      return true;
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
