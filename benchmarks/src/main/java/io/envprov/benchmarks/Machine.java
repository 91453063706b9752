package io.envprov.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the benchmarks record about the machine they run on (Linux {@code /proc} where it helps).
 */
final class Machine {

  private Machine() {}

  /** Host, cores, CPU model, memory, load, OS and Java of this machine. */
  static ObjectNode describe(ObjectMapper json) {
    ObjectNode node = json.createObjectNode();
    node.put("hostname", hostname());
    node.put("cores", Runtime.getRuntime().availableProcessors());
    node.put("cpu_model", cpuModel());
    node.put("memory_total_kb", memTotalKb());
    node.put("load_average_at_start", loadAverage());
    node.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    node.put("arch", System.getProperty("os.arch"));
    node.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    return node;
  }

  static String cpuModel() {
    return procLine(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
  }

  private static long memTotalKb() {
    return procLine(Path.of("/proc/meminfo"), "MemTotal")
        .map(v -> v.replaceAll("[^0-9]", ""))
        .filter(v -> !v.isEmpty())
        .map(Long::parseLong)
        .orElse(-1L);
  }

  private static Optional<String> procLine(Path file, String key) {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String hostname() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
