package io.envprov.dataplane.benchmarks;

import io.envprov.dataplane.binding.EnvironmentBinding;
import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.dataplane.pool.Housekeeping;
import io.envprov.dataplane.pool.ManagedPool;
import io.envprov.dataplane.pool.PoolCache;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.driver.spi.CredentialScope;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The routing decision alone, on a cache hit: bind an environment, read the binding, find its pool
 * among 256 open ones in the pool cache, unbind, as {@code RoutingDataSource.getConnection} does.
 * The environments take turns, so the per-thread key memo never hits: the worst case. No database
 * is involved; the baseline is a binding without the lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingDecisionBenchmark {

  private static final int POOLS = 256;

  private ScheduledThreadPoolExecutor housekeeping;
  private PoolCache<StubPool> pools;
  private UUID[] environments;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    housekeeping = Housekeeping.executor("bench");
    pools = new PoolCache<>(PoolSettings.DEFAULTS, housekeeping);
    environments = new UUID[POOLS];
    for (int i = 0; i < POOLS; i++) {
      environments[i] = UUID.randomUUID();
      pools.get(new PoolKey(environments[i], CredentialScope.READWRITE), key -> new StubPool());
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    pools.close();
    housekeeping.shutdownNow();
  }

  @Benchmark
  public UUID bindOnly() {
    UUID environment = environments[next++ & (POOLS - 1)];
    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(environment)) {
      return EnvironmentBinding.require();
    }
  }

  @Benchmark
  public Object bindAndRouteOnACacheHit() {
    UUID environment = environments[next++ & (POOLS - 1)];
    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(environment)) {
      return pools.getIfPresent(EnvironmentBinding.requireKey(CredentialScope.READWRITE));
    }
  }

  /** A pool that holds nothing: only the lookup is measured. */
  static final class StubPool implements ManagedPool {
    @Override
    public int borrowedConnections() {
      return 0;
    }

    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public void close() {}
  }
}
