package io.envprov.dataplane.benchmarks;

import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import io.envprov.driver.spi.CredentialScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
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
 * The first connection of an environment whose pool is not open: with its connection facts cached
 * (pool creation plus a new PostgreSQL login) and with nothing cached (plus the broker fetch over
 * HTTP). The baseline is a bare JDBC login to the same database in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ColdPoolBenchmark {

  private BenchmarkWorld world;
  private PostgresEnvironment environment;
  private PoolKey key;

  @Setup(Level.Trial)
  public void start() {
    world = new BenchmarkWorld();
    environment = world.environments.postgres();
    key = new PoolKey(environment.id(), CredentialScope.READWRITE);
  }

  @TearDown(Level.Trial)
  public void stop() {
    world.close();
  }

  @Setup(Level.Invocation)
  public void closePool() {
    world.routed.evict(environment.id());
  }

  @Benchmark
  public boolean bareLogin() throws SQLException {
    try (Connection connection =
        world.postgres.connect(
            environment.database(), environment.login(), environment.password())) {
      return connection.getAutoCommit();
    }
  }

  @Benchmark
  public boolean coldPoolFactsCached() throws Exception {
    return firstConnection(environment.id());
  }

  @Benchmark
  public boolean coldPoolAndBrokerFetch() throws Exception {
    world.credentials.forget(key);
    return firstConnection(environment.id());
  }

  private boolean firstConnection(UUID id) throws Exception {
    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(id);
        Connection connection = world.routed.getConnection()) {
      return connection.getAutoCommit();
    }
  }
}
