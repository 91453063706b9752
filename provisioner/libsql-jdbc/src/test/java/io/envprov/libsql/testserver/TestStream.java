package io.envprov.libsql.testserver;

import io.envprov.libsql.testserver.TestJwtVerifier.Access;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** A Hrana stream of the test server: one SQLite connection, its stored SQL, its last use. */
final class TestStream {

  final String namespace;
  final Access access;
  final Connection connection;
  final Map<Integer, String> storedSql = new HashMap<>();
  final ReentrantLock lock = new ReentrantLock();
  volatile long lastUsedNanos = System.nanoTime();
  boolean inTransaction;
  boolean closed;

  TestStream(String namespace, Access access, Connection connection) {
    this.namespace = namespace;
    this.access = access;
    this.connection = connection;
  }

  /** Closes the connection; SQLite rolls back a transaction left open. */
  void close() {
    closed = true;
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing more to release
    }
  }
}
