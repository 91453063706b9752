package io.envprov.driver.postgres;

import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.ServerTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the driver's work against a server: resolves the server (with its pool of admin connections,
 * prepared once by {@link ServerHardening}) and turns every failure into a {@link DriverException}
 * whose message names the action and the database and masks the secrets.
 */
final class ServerCalls implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServerCalls.class);

  private final PostgresSettings settings;
  private final AdminPools pools;
  private final ServerHardening hardening = new ServerHardening();

  ServerCalls(PostgresSettings settings) {
    this.settings = settings;
    this.pools = new AdminPools(settings);
  }

  /** Work against one server that may fail with anything. */
  @FunctionalInterface
  interface ServerWork<T> {
    T run(PostgresServer server) throws Exception;
  }

  /**
   * Runs {@code work} against the target's server.
   *
   * @param extraSecrets secrets besides the admin secret that must not appear in a message
   * @throws DriverException for every failure, transient or permanent
   */
  <T> T call(
      String action,
      String database,
      @Nullable ServerTarget target,
      List<String> extraSecrets,
      ServerWork<T> work) {
    PostgresServer server;
    try {
      server = PostgresServer.of(target, settings);
    } catch (IllegalArgumentException e) {
      throw PostgresErrors.permanent(
          action,
          database,
          target == null ? null : target.id(),
          PostgresErrors.redact(
              Objects.requireNonNullElse(e.getMessage(), "unusable server"),
              target == null ? extraSecrets : concat(secretsOf(target), extraSecrets)));
    }
    long start = System.nanoTime();
    try {
      return work.run(hardening.prepare(server.withPool(pools.poolFor(server))));
    } catch (DriverException e) {
      throw e;
    } catch (Exception e) {
      throw PostgresErrors.failure(
          action, database, server.id(), e, concat(server.secrets(), extraSecrets));
    } finally {
      if (log.isDebugEnabled()) {
        log.debug(
            "{} postgres database {} on server {}: {} ms",
            action,
            database,
            server.id(),
            String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6));
      }
    }
  }

  /** Admin connections open now to the server (lent or idle), for tests. */
  int openAdminConnections(String serverId) {
    return pools.openConnections(serverId);
  }

  /** Closes the pools; later calls open a connection of their own each. */
  @Override
  public void close() {
    pools.close();
  }

  static List<String> secretsOf(ServerTarget target) {
    return target.adminSecret() == null ? List.of() : List.of(target.adminSecret());
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
