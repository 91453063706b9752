package io.envprov.dataplane.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.dataplane.credentials.ConnectionFacts;
import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import io.envprov.driver.spi.CredentialScope;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Heap and threads the data plane holds with 10,000 known environments (connection facts cached)
 * and 256 open pools of one connection each, against 256 direct HikariCP pools of one connection
 * each in the same run. Heap is measured after full collections, so it is what stays reachable.
 */
public final class MemoryFootprint {

  static final int KNOWN = 10_000;
  static final int POOLS = 256;

  private MemoryFootprint() {}

  public static void main(String[] args) throws Exception {
    PoolSettings settings = PoolSettings.DEFAULTS.withMaxPools(POOLS).withMaxPoolSize(2);
    try (BenchmarkWorld world = new BenchmarkWorld(settings)) {
      PostgresEnvironment database = world.environments.postgres();
      List<UUID> environments = new ArrayList<>();
      for (int i = 0; i < KNOWN; i++) {
        ConnectionFacts facts = database.facts(world.postgres);
        UUID id = UUID.randomUUID();
        environments.add(id);
        world.controlPlane.serve(
            new ConnectionFacts(
                id,
                facts.driver(),
                facts.jdbcUrl(),
                facts.username(),
                facts.secret(),
                UUID.randomUUID().toString(),
                null,
                Map.of()));
      }
      long start = heapAfterGc();
      int threadsAtStart = threads();

      List<CompletableFuture<ConnectionFacts>> fetches = new ArrayList<>();
      for (UUID id : environments) {
        fetches.add(world.credentials.currentAsync(new PoolKey(id, CredentialScope.READWRITE)));
        if (fetches.size() == 64) {
          fetches.forEach(CompletableFuture::join);
          fetches.clear();
        }
      }
      fetches.forEach(CompletableFuture::join);
      long known = heapAfterGc();

      for (UUID id : environments.subList(0, POOLS)) {
        EnvironmentScope.call(id, () -> RoutedAndDirect.selectOne(world.routed));
      }
      long routed = heapAfterGc();
      int threadsRouted = threads();

      List<HikariDataSource> direct = new ArrayList<>();
      for (int i = 0; i < POOLS; i++) {
        HikariDataSource pool = world.direct(database, 2);
        RoutedAndDirect.selectOne(pool);
        direct.add(pool);
      }
      long directHeap = heapAfterGc();
      int threadsDirect = threads();

      System.out.printf(
          "known environments: %d, facts cached: %d%n", KNOWN, world.credentials.size());
      System.out.printf(
          "heap for %d known environments: %.1f MiB (%d bytes each)%n",
          KNOWN, mib(known - start), (known - start) / KNOWN);
      System.out.printf(
          "heap for %d routed pools (1 connection each): %.1f MiB (%d KiB each), threads +%d%n",
          world.routed.openPools(),
          mib(routed - known),
          (routed - known) / POOLS / 1024,
          threadsRouted - threadsAtStart);
      System.out.printf(
          "heap for %d direct HikariCP pools (1 connection each): %.1f MiB (%d KiB each), threads"
              + " +%d%n",
          POOLS,
          mib(directHeap - routed),
          (directHeap - routed) / POOLS / 1024,
          threadsDirect - threadsRouted);
      System.out.printf(
          "routed/direct heap per pool: %.2f%n",
          (double) (routed - known) / (double) (directHeap - routed));
      direct.forEach(HikariDataSource::close);
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // After HikariCP's connection-adder threads have timed out (5 s idle), so only what stays counts.
  private static int threads() throws InterruptedException {
    Thread.sleep(7_000);
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }
}
