package io.envprov.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time consumed by the processes of a run, to tell whether a phase was CPU-bound and which
 * process spent it. Process figures come from {@link ProcessHandle.Info#totalCpuDuration()}; the
 * machine's busy share from {@code /proc/stat} (Linux only; absent elsewhere).
 *
 * @param serviceNanos CPU time of the control-plane JVM
 * @param serviceJitNanos of it, what the JIT compiler threads spent (C1, C2)
 * @param serviceGcNanos of it, what the garbage collector's threads spent
 * @param postgresNanos CPU time of the embedded PostgreSQL (postmaster and its live backends)
 * @param harnessNanos CPU time of this process (HTTP client and pollers)
 * @param machineBusyJiffies non-idle jiffies of all CPUs; -1 when unknown
 * @param machineTotalJiffies all jiffies of all CPUs; -1 when unknown
 */
record CpuUsage(
    long serviceNanos,
    long serviceJitNanos,
    long serviceGcNanos,
    long postgresNanos,
    long harnessNanos,
    long machineBusyJiffies,
    long machineTotalJiffies) {

  static CpuUsage sample(ProcessHandle service, Optional<ProcessHandle> postmaster) {
    long postgres =
        postmaster.map(p -> cpu(p) + p.descendants().mapToLong(CpuUsage::cpu).sum()).orElse(0L);
    long[] machine = machine();
    return new CpuUsage(
        cpu(service),
        ProcCpu.threadNanos(service.pid(), CpuUsage::jitThread),
        ProcCpu.threadNanos(service.pid(), CpuUsage::gcThread),
        postgres,
        cpu(ProcessHandle.current()),
        machine[0],
        machine[1]);
  }

  /** What was spent between {@code earlier} and this sample. */
  CpuUsage since(CpuUsage earlier) {
    boolean known = machineTotalJiffies >= 0 && earlier.machineTotalJiffies >= 0;
    return new CpuUsage(
        serviceNanos - earlier.serviceNanos,
        serviceJitNanos - earlier.serviceJitNanos,
        serviceGcNanos - earlier.serviceGcNanos,
        postgresNanos - earlier.postgresNanos,
        harnessNanos - earlier.harnessNanos,
        known ? machineBusyJiffies - earlier.machineBusyJiffies : -1,
        known ? machineTotalJiffies - earlier.machineTotalJiffies : -1);
  }

  /** Linux's USER_HZ: /proc/stat counts in hundredths of a second on every mainstream kernel. */
  private static final double JIFFIES_PER_SECOND = 100.0;

  /**
   * CPU seconds spent by processes other than the service, its PostgreSQL and this harness (other
   * work on the machine, or the kernel on their behalf); -1 when unknown. A large value means the
   * figures were disturbed.
   */
  double otherSeconds() {
    if (machineBusyJiffies < 0) {
      return -1;
    }
    double ours = (serviceNanos + postgresNanos + harnessNanos) / 1e9;
    return Math.max(0, machineBusyJiffies / JIFFIES_PER_SECOND - ours);
  }

  /** The busy share of all CPUs, 0..1; -1 when unknown. */
  double machineBusyShare() {
    return machineTotalJiffies > 0 ? (double) machineBusyJiffies / machineTotalJiffies : -1;
  }

  /** HotSpot names its compiler threads "C1 CompilerThreadN" / "C2 CompilerThreadN". */
  private static boolean jitThread(String name) {
    return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
  }

  /** G1's threads: "GC Thread#N", "G1 Conc#N", "G1 Refine#N", "G1 Main Marker", "G1 Service". */
  private static boolean gcThread(String name) {
    return name.startsWith("GC Thread") || name.startsWith("G1 ");
  }

  private static long cpu(ProcessHandle handle) {
    return handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** {busy, total} jiffies from the first line of /proc/stat, or {-1, -1}. */
  static long[] machine() {
    Path stat = Path.of("/proc/stat");
    try (Stream<String> lines = Files.lines(stat, StandardCharsets.UTF_8)) {
      Optional<String> cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst();
      if (cpu.isEmpty()) {
        return new long[] {-1, -1};
      }
      List<String> fields = List.of(cpu.get().trim().split("\\s+"));
      long total = 0;
      long idle = 0;
      // user nice system idle iowait irq softirq steal (guest time is already in user)
      for (int i = 1; i < fields.size() && i <= 8; i++) {
        long value = Long.parseLong(fields.get(i));
        total += value;
        if (i == 4 || i == 5) {
          idle += value;
        }
      }
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }
}
