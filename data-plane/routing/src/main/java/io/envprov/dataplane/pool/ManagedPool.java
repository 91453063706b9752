package io.envprov.dataplane.pool;

/** A connection pool the {@link PoolCache} can retire: JDBC or R2DBC. */
public interface ManagedPool extends AutoCloseable {

  /** How many of its connections are borrowed now. */
  int borrowedConnections();

  /** Whether it has been closed. */
  boolean isClosed();

  /** Closes it and its connections. */
  @Override
  void close();
}
