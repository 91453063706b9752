package io.envprov.dataplane.benchmarks;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code SELECT 1} through the routing DataSource (bind the environment, route, borrow, query,
 * return, unbind) against the same through a direct HikariCP pool on the same database, login and
 * pool size, each side a benchmark of its own; also borrowing alone. For profiling one side ({@code
 * -prof jfr}, {@code -prof gc}); the figures of record come from {@link PairedBenchmark}, whose
 * sides alternate within one fork.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 8, time = 3)
@Fork(1)
@Threads(BenchmarkWorld.POOL_SIZE)
public class RoutedSelectBenchmark {

  @Benchmark
  public int selectOneDirect(RoutedAndDirect sides) throws SQLException {
    return sides.selectOne(false);
  }

  @Benchmark
  public int selectOneRouted(RoutedAndDirect sides) throws Exception {
    return sides.selectOne(true);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public boolean borrowDirect(RoutedAndDirect sides) throws SQLException {
    return sides.borrow(false);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public boolean borrowRouted(RoutedAndDirect sides) throws SQLException {
    return sides.borrow(true);
  }
}
