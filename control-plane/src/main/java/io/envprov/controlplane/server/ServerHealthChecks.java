package io.envprov.controlplane.server;

import io.envprov.controlplane.server.DatabaseServerView.ServerHealth;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.ServerGuards;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The health each server shows in the server routes. A check logs in to the server as its admin
 * (and may open its admin secret with the KMS), so checks run on a small pool of their own, several
 * at once, and one that has not answered within {@link #TIMEOUT} of being waited for shows as
 * {@code DOWN}: a listing waits on its servers, but never longer than that on any one.
 */
@Component
class ServerHealthChecks implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int THREADS = 8;

  private final ServerDirectory directory;
  private final DriverCatalog drivers;
  private final ServerGuards guards;
  private final ThreadPoolTaskExecutor pool;

  ServerHealthChecks(ServerDirectory directory, DriverCatalog drivers, ServerGuards guards) {
    this.directory = directory;
    this.drivers = drivers;
    this.guards = guards;
    pool = new ThreadPoolTaskExecutor();
    pool.setThreadNamePrefix("server-health-");
    pool.setCorePoolSize(THREADS);
    pool.setMaxPoolSize(THREADS);
    pool.setAllowCoreThreadTimeOut(true);
    pool.setDaemon(true);
    pool.initialize();
  }

  /** The servers, each with its health, in the same order. */
  List<DatabaseServerView> withHealth(List<DatabaseServerView> servers) {
    List<Future<ServerHealth>> checks = new ArrayList<>(servers.size());
    for (DatabaseServerView server : servers) {
      checks.add(pool.submit(() -> check(server)));
    }
    List<DatabaseServerView> checked = new ArrayList<>(servers.size());
    for (int i = 0; i < servers.size(); i++) {
      DatabaseServerView server = servers.get(i);
      checked.add(server.withHealth(await(checks.get(i), server)));
    }
    return checked;
  }

  /** The server with its health. */
  DatabaseServerView withHealth(DatabaseServerView server) {
    return withHealth(List.of(server)).get(0);
  }

  private ServerHealth check(DatabaseServerView server) {
    ServerTarget target = directory.target(server.id()).orElseThrow();
    Health health = drivers.driver(server.driver()).health(target);
    return new ServerHealth(health.status().name(), health.detail(), circuitOpen(server));
  }

  private ServerHealth await(Future<ServerHealth> check, DatabaseServerView server) {
    try {
      return check.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      check.cancel(true);
    } catch (TimeoutException e) {
      check.cancel(true);
    } catch (ExecutionException e) {
      // The check failed (the server's secret cannot be opened, the driver threw): it is down.
    }
    return new ServerHealth("DOWN", "health check failed", circuitOpen(server));
  }

  private boolean circuitOpen(DatabaseServerView server) {
    return guards.isOpen(server.id().toString());
  }

  @Override
  public void close() {
    pool.shutdown();
  }
}
