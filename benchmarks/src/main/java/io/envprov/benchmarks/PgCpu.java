package io.envprov.benchmarks;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * CPU of every process of a PostgreSQL benchmark run, and the machine's busy share. PostgreSQL
 * servers are counted with {@link ProcCpu}, so backends that have already exited are included.
 *
 * @param serviceNanos the control-plane JVM
 * @param storeNanos the control plane's own embedded PostgreSQL
 * @param dataNanos the data server holding the environment databases
 * @param harnessNanos this process
 * @param busyJiffies non-idle jiffies of all CPUs
 * @param totalJiffies all jiffies of all CPUs
 */
record PgCpu(
    long serviceNanos,
    long storeNanos,
    long dataNanos,
    long harnessNanos,
    long busyJiffies,
    long totalJiffies) {

  static final PgCpu ZERO = new PgCpu(0, 0, 0, 0, 0, 0);

  static PgCpu sample(@Nullable ControlPlaneProcess service, EmbeddedDataServer data) {
    long[] machine = CpuUsage.machine();
    return new PgCpu(
        service == null ? 0 : nanos(service.handle()),
        service == null ? 0 : service.postmaster().map(ProcCpu::treeNanos).orElse(0L),
        Math.max(0, data.cpuNanos()),
        nanos(ProcessHandle.current()),
        machine[0],
        machine[1]);
  }

  PgCpu since(PgCpu earlier) {
    return new PgCpu(
        serviceNanos - earlier.serviceNanos,
        storeNanos - earlier.storeNanos,
        dataNanos - earlier.dataNanos,
        harnessNanos - earlier.harnessNanos,
        busyJiffies - earlier.busyJiffies,
        totalJiffies - earlier.totalJiffies);
  }

  PgCpu plus(PgCpu other) {
    return new PgCpu(
        serviceNanos + other.serviceNanos,
        storeNanos + other.storeNanos,
        dataNanos + other.dataNanos,
        harnessNanos + other.harnessNanos,
        busyJiffies + other.busyJiffies,
        totalJiffies + other.totalJiffies);
  }

  /** The busy share of all CPUs, 0..1; -1 when unknown. */
  double busyShare() {
    return totalJiffies > 0 ? (double) busyJiffies / totalJiffies : -1;
  }

  /** CPU seconds nobody of this run spent (other work on the machine, or the kernel for it). */
  double otherSeconds() {
    double ours = (serviceNanos + storeNanos + dataNanos + harnessNanos) / 1e9;
    return Math.max(0, busyJiffies / 100.0 - ours);
  }

  private static long nanos(ProcessHandle handle) {
    return handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
