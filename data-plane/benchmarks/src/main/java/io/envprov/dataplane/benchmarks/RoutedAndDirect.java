package io.envprov.dataplane.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The benchmark state of one PostgreSQL environment reached two ways: through the routing
 * DataSource and through a direct HikariCP pool on the same database, login and pool size, both
 * warmed to their full size. The work of each side is one method, so that both sides run the same
 * code but for the routing.
 */
@State(Scope.Benchmark)
public class RoutedAndDirect {

  private BenchmarkWorld world;
  private UUID environment;
  private HikariDataSource direct;

  @Setup(Level.Trial)
  public void start() throws SQLException {
    world = new BenchmarkWorld();
    PostgresEnvironment env = world.environments.postgres();
    environment = env.id();
    direct = world.direct(env, BenchmarkWorld.POOL_SIZE);
    for (int i = 0; i < BenchmarkWorld.POOL_SIZE; i++) {
      selectOne(true);
      selectOne(false);
    }
  }

  /**
   * {@code SELECT 1}: borrow, query, return (routed: bind, route, borrow, query, return, unbind).
   */
  int selectOne(boolean routed) throws SQLException {
    if (routed) {
      try (EnvironmentScope.Bound ignored = EnvironmentScope.open(environment)) {
        return selectOne(world.routed);
      }
    }
    return selectOne(direct);
  }

  /** Borrow and return, no SQL (routed: bind, route, borrow, return, unbind). */
  boolean borrow(boolean routed) throws SQLException {
    if (routed) {
      try (EnvironmentScope.Bound ignored = EnvironmentScope.open(environment);
          Connection connection = world.routed.getConnection()) {
        return connection.getAutoCommit();
      }
    }
    try (Connection connection = direct.getConnection()) {
      return connection.getAutoCommit();
    }
  }

  static int selectOne(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    direct.close();
    world.close();
  }
}
