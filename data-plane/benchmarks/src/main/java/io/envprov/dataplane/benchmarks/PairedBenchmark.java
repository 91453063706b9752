package io.envprov.dataplane.benchmarks;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Routed against direct in adjacent pairs of short iterations within one fork: measurement
 * iterations 2p and 2p+1 are pair p, one side each, the side going first alternating from pair to
 * pair (direct-routed, routed-direct, ...). Both sides run the same compiled method on the same
 * database, login and pool size, so load from other processes, which drifts over seconds, hits both
 * halves of a pair alike and cancels out of the pair's ratio. {@code run-benchmarks.sh} reads the
 * per-iteration scores from the JSON result and reports each pair's ratio, their geometric mean and
 * spread.
 *
 * <p>Side of measurement iteration {@code i}: {@link #routedIn(int)}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 40, time = 1)
@Fork(1)
@Threads(BenchmarkWorld.POOL_SIZE)
public class PairedBenchmark {

  private int measured;
  private int warmups;
  // Read by every benchmark thread; written between iterations only.
  private volatile boolean routed;

  @Setup(Level.Iteration)
  public void chooseSide(IterationParams iteration) {
    if (iteration.getType() == IterationType.WARMUP) {
      routed = (warmups++ & 1) == 1;
    } else {
      routed = routedIn(measured++);
    }
  }

  /** Whether measurement iteration {@code i} (from 0) is routed: pairs DR, RD, DR, RD, ... */
  static boolean routedIn(int i) {
    boolean routedFirst = ((i / 2) & 1) == 1;
    return ((i & 1) == 0) == routedFirst;
  }

  /**
   * {@code SELECT 1}: borrow, query, return (routed: bind, route, borrow, query, return, unbind).
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int selectOnePairs(RoutedAndDirect sides) throws Exception {
    return sides.selectOne(routed);
  }

  /** Borrow and return, no SQL (routed: bind, route, borrow, return, unbind). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public boolean borrowPairs(RoutedAndDirect sides) throws SQLException {
    return sides.borrow(routed);
  }
}
