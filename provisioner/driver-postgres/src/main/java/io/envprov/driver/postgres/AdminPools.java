package io.envprov.driver.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin connection pools of the driver, one per server id. A call for a server whose admin URL,
 * user or secret differs from its pool's replaces the pool: the old one is closed (its lent
 * connections when they come back), so a rotated secret is never outlived by connections made with
 * the old one. After {@link #close()} no pool is kept and every call opens its own connection.
 */
final class AdminPools implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminPools.class);

  private final PostgresSettings settings;
  private final ConcurrentMap<String, AdminPool> byServer = new ConcurrentHashMap<>();
  private volatile boolean closed;

  AdminPools(PostgresSettings settings) {
    this.settings = settings;
  }

  /**
   * The pool that logs in to the server as {@code server} says; null once the pools are closed.
   *
   * @param server the server as reached without a pool
   */
  @Nullable AdminPool poolFor(PostgresServer server) {
    if (closed) {
      return null;
    }
    List<AdminPool> retired = new ArrayList<>(1);
    AdminPool pool =
        byServer.compute(
            server.id(),
            (id, current) -> {
              if (current != null && !current.isClosed() && current.servesAs(server)) {
                return current;
              }
              if (current != null) {
                retired.add(current);
              }
              return new AdminPool(server, settings);
            });
    for (AdminPool old : retired) {
      log.info(
          "the admin URL, user or secret of postgres server {} changed: closing its old connections",
          server.id());
      old.close();
    }
    if (closed) { // closed while we made it
      byServer.remove(server.id(), pool);
      pool.close();
      return null;
    }
    return pool;
  }

  /** Connections open now to the server, lent or idle, as the pool of its current secret holds. */
  int openConnections(String serverId) {
    AdminPool pool = byServer.get(serverId);
    return pool == null ? 0 : pool.openConnections();
  }

  /** Closes every pool: idle connections at once, lent ones when they are given back. */
  @Override
  public void close() {
    closed = true;
    for (String id : List.copyOf(byServer.keySet())) {
      AdminPool pool = byServer.remove(id);
      if (pool != null) {
        pool.close();
      }
    }
  }
}
