package io.envprov.dataplane.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
public class RoutedSelectBenchmark {

  private BenchmarkWorld world;
  private HikariDataSource direct;
  private UUID environment;

  @Setup(Level.Trial)
  public void start() throws Exception {
    world = new BenchmarkWorld();
    PostgresEnvironment env = world.environments.postgres();
    environment = env.id();
    direct = world.direct(env, BenchmarkWorld.POOL_SIZE);
    // Warm both pools to their full size.
    for (int i = 0; i < BenchmarkWorld.POOL_SIZE; i++) {
      EnvironmentScope.call(environment, () -> selectOne(world.routed));
      selectOne(direct);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    direct.close();
    world.close();
  }

  @Benchmark
  @Threads(BenchmarkWorld.POOL_SIZE)
  public int selectOneDirect() throws SQLException {
    return selectOne(direct);
  }

  @Benchmark
  @Threads(BenchmarkWorld.POOL_SIZE)
  public int selectOneRouted() throws Exception {
    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(environment)) {
      return selectOne(world.routed);
    }
  }

  @Benchmark
  @Threads(BenchmarkWorld.POOL_SIZE)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public boolean borrowDirect() throws SQLException {
    try (Connection connection = direct.getConnection()) {
      return connection.getAutoCommit();
    }
  }

  @Benchmark
  @Threads(BenchmarkWorld.POOL_SIZE)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public boolean borrowRouted() throws SQLException {
    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(environment);
        Connection connection = world.routed.getConnection()) {
      return connection.getAutoCommit();
    }
  }

  static int selectOne(javax.sql.DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
