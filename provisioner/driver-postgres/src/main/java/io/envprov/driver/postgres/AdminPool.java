package io.envprov.driver.postgres;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectState;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/**
 * The admin connections of one server kept between calls, for one admin URL, user and secret.
 *
 * <p>A connection is opened on the calling thread when none is idle (up to {@code adminPoolSize};
 * beyond that a call waits up to {@code lockTimeoutSeconds}), so a failed login reaches the caller
 * at once with its own SQLState, exactly as an unpooled connection would. A connection idle since
 * its last use is checked with one round trip before it is lent again; one idle for five minutes,
 * or older than thirty, is closed. Closing the pool closes the idle connections at once and the
 * lent ones when they come back.
 *
 * <p>commons-pool2 rather than HikariCP: Hikari opens connections on its own thread and makes a
 * caller wait for the whole connection timeout when the login keeps failing (a wrong or rotated
 * admin secret), reporting a timeout instead of the authentication failure.
 */
final class AdminPool implements AutoCloseable {

  private static final Duration IDLE_LIMIT = Duration.ofMinutes(5);
  private static final Duration AGE_LIMIT = Duration.ofMinutes(30);
  private static final Duration EVICTION_RUNS = Duration.ofSeconds(30);

  private final String serverId;
  private final Identity identity;
  private final int size;
  private final Duration maxWait;
  private final GenericObjectPool<AdminConnection> pool;

  /**
   * A pool whose connections {@code server} opens (no connection is opened yet).
   *
   * @param server the server as reached without a pool: its URL, user and secret are the pool's
   */
  AdminPool(PostgresServer server, PostgresSettings settings) {
    this.serverId = server.id();
    this.identity = Identity.of(server);
    this.size = settings.adminPoolSize();
    this.maxWait = settings.lockTimeout();
    GenericObjectPoolConfig<AdminConnection> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(size);
    config.setMaxIdle(size);
    config.setMinIdle(0);
    config.setBlockWhenExhausted(true);
    config.setMaxWait(maxWait);
    config.setTestOnBorrow(true);
    config.setTestWhileIdle(true);
    config.setTimeBetweenEvictionRuns(EVICTION_RUNS);
    config.setMinEvictableIdleDuration(IDLE_LIMIT);
    config.setJmxEnabled(false);
    this.pool = new GenericObjectPool<>(new Factory(server, settings), config);
  }

  /** Whether this pool logs in to the server the way the target says (URL, user and secret). */
  boolean servesAs(PostgresServer server) {
    return identity.equals(Identity.of(server));
  }

  /**
   * A connection for one call, to be given back with {@link #giveBack}.
   *
   * @throws SQLException when no connection can be opened (the server's own error), or none came
   *     free in time (SQLState {@code 53300}, transient)
   * @throws IllegalStateException when the pool was closed meanwhile
   */
  AdminConnection borrow() throws SQLException {
    try {
      return pool.borrowObject();
    } catch (SQLException | IllegalStateException e) {
      throw e;
    } catch (NoSuchElementException e) {
      throw new SQLException(
          "no admin connection to server "
              + serverId
              + " came free within "
              + maxWait.toSeconds()
              + " s (all "
              + size
              + " are in use)",
          "53300",
          e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("could not open an admin connection to server " + serverId, e);
    }
  }

  /**
   * Returns a connection: kept for the next call when {@code reusable}, closed otherwise (and
   * always once the pool is closed).
   */
  void giveBack(AdminConnection connection, boolean reusable) {
    try {
      if (reusable) {
        pool.returnObject(connection);
      } else {
        pool.invalidateObject(connection);
      }
    } catch (Exception | Error e) {
      connection.close();
      if (e instanceof Error error) {
        throw error;
      }
    }
  }

  /** Connections open now, lent or idle. */
  int openConnections() {
    return pool.getNumActive() + pool.getNumIdle();
  }

  boolean isClosed() {
    return pool.isClosed();
  }

  /** Closes the idle connections now and the lent ones when they are given back. */
  @Override
  public void close() {
    pool.close();
  }

  /** What a pool logs in with. Compared, never printed. */
  private record Identity(String adminUrl, String username, String secret) {

    static Identity of(PostgresServer server) {
      return new Identity(
          server.target().adminUrl(),
          Objects.requireNonNullElse(server.target().adminUsername(), ""),
          Objects.requireNonNullElse(server.target().adminSecret(), ""));
    }

    @Override
    public String toString() {
      return "Identity[" + adminUrl + "]";
    }
  }

  private static final class Factory extends BasePooledObjectFactory<AdminConnection> {

    private final PostgresServer server;
    private final PostgresSettings settings;

    Factory(PostgresServer server, PostgresSettings settings) {
      this.server = server;
      this.settings = settings;
    }

    @Override
    public AdminConnection create() throws SQLException {
      return AdminConnection.open(server, settings.lockTimeout());
    }

    @Override
    public PooledObject<AdminConnection> wrap(AdminConnection connection) {
      return new DefaultPooledObject<>(connection);
    }

    @Override
    public boolean validateObject(PooledObject<AdminConnection> pooled) {
      if (pooled.getBorrowedCount() <= 1 && pooled.getState() == PooledObjectState.ALLOCATED) {
        return true; // just opened for this borrower
      }
      if (Duration.between(pooled.getCreateInstant(), Instant.now()).compareTo(AGE_LIMIT) > 0) {
        return false;
      }
      return pooled.getObject().isValid(settings.healthTimeout());
    }

    @Override
    public void destroyObject(PooledObject<AdminConnection> pooled) {
      pooled.getObject().close();
    }
  }
}
