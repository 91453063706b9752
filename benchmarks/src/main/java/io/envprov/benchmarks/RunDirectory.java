package io.envprov.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The files of one harness run: a temporary work directory (the service's data, the baselines'
 * files), deleted at the end unless {@code --keep-data}; and in the results directory the JSON
 * result {@code <name>-<UTC stamp>.json} with copies of logs beside it.
 */
final class RunDirectory {

  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final HarnessOptions options;
  private final String name;
  private final Path work;
  private final String stamp;

  private RunDirectory(HarnessOptions options, String name, Path work, String stamp) {
    this.options = options;
    this.name = name;
    this.work = work;
    this.stamp = stamp;
  }

  /**
   * Creates the work directory ({@code <workPrefix>...} below {@code --work-dir} or the system temp
   * dir) and the results directory.
   *
   * @param name the benchmark's name, which also starts the result files' names
   */
  static RunDirectory create(
      HarnessOptions options, String workPrefix, String name, Instant started) throws IOException {
    Path workParent =
        options.workDir() != null
            ? Files.createDirectories(options.workDir())
            : Path.of(System.getProperty("java.io.tmpdir"));
    Path work = Files.createTempDirectory(workParent, workPrefix);
    String stamp = stamp(started);
    Files.createDirectories(options.resultsDir());
    return new RunDirectory(options, name, work, stamp);
  }

  /** The UTC time stamp that names a run's files, e.g. {@code 20261126-010400}. */
  static String stamp(Instant instant) {
    return FILE_STAMP.format(instant);
  }

  Path work() {
    return work;
  }

  String stamp() {
    return stamp;
  }

  Path resultFile() {
    return options.resultsDir().resolve(name + "-" + stamp + ".json");
  }

  /** The start of the JSON result: the benchmark's name, its start and the machine. */
  ObjectNode newResult(ObjectMapper json, Instant started) {
    ObjectNode result = json.createObjectNode();
    result.put("benchmark", name);
    result.put("started_at", started.toString());
    result.set("machine", Machine.describe(json));
    return result;
  }

  /** The machine line of the report's head, naming the work directory. */
  String machineLine() {
    return String.format(
        Locale.ROOT,
        "machine: %d cores, %s, load average %s; work dir %s",
        Runtime.getRuntime().availableProcessors(),
        Machine.cpuModel(),
        Machine.loadAverage(),
        work);
  }

  /**
   * Copies {@code file} next to the result as {@code <name>-<stamp>-<suffix>}.
   *
   * @return the copy; null when there is no such file
   */
  @Nullable Path copy(Path file, String suffix) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Path copy = options.resultsDir().resolve(name + "-" + stamp + "-" + suffix);
    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  /** Writes the JSON result, then deletes the work directory (or says where it was kept). */
  void finish(ObjectMapper json, ObjectNode result, PrintStream out) throws IOException {
    json.writerWithDefaultPrettyPrinter().writeValue(resultFile(), result);
    if (options.keepData()) {
      out.println("kept work dir " + work);
    } else {
      deleteRecursively(work);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: a temp directory
                }
              });
    } catch (IOException | RuntimeException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
