package io.envprov.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process tree from {@code /proc/<pid>/stat} (Linux): the process's own user and
 * system time plus that of the children it has reaped ({@code cutime}, {@code cstime}), plus the
 * same for its live descendants. Unlike {@link ProcessHandle.Info#totalCpuDuration()} this keeps
 * the CPU of processes that have already exited, such as a PostgreSQL backend whose connection was
 * closed.
 */
final class ProcCpu {

  /** Linux's USER_HZ. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcCpu() {}

  /** The tree's CPU time in nanoseconds; 0 for processes whose stat cannot be read. */
  static long treeNanos(ProcessHandle root) {
    long ticks = ticks(root.pid());
    ticks += root.descendants().mapToLong(p -> ticks(p.pid())).sum();
    return Math.round(ticks / TICKS_PER_SECOND * 1e9);
  }

  /**
   * CPU time in nanoseconds of the threads of process {@code pid} whose name ({@code comm}, at most
   * 15 characters) {@code named} accepts; 0 when the threads cannot be read.
   */
  static long threadNanos(long pid, java.util.function.Predicate<String> named) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    long ticks = 0;
    try (java.util.stream.Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        try {
          String stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (named.test(name)) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          }
        } catch (IOException | RuntimeException e) {
          // The thread ended between the listing and the read.
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return Math.round(ticks / TICKS_PER_SECOND * 1e9);
  }

  /** utime + stime + cutime + cstime of one process, in clock ticks. */
  private static long ticks(long pid) {
    try {
      String stat =
          Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      // The command name (field 2) may hold spaces and parentheses: fields start after the last
      // ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // fields[0] is field 3 (state); utime is field 14, so fields[11] .. cstime fields[14].
      return Long.parseLong(fields[11])
          + Long.parseLong(fields[12])
          + Long.parseLong(fields[13])
          + Long.parseLong(fields[14]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
