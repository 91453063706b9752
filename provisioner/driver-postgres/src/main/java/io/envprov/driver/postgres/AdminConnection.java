package io.envprov.driver.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One connection as the server admin, with what the driver needs to know about it, read once when
 * it is opened: the server version and whether the admin is a superuser. Its {@code lock_timeout}
 * bounds every wait for an advisory lock.
 *
 * @param connection the JDBC connection, to the database of the admin URL
 * @param serverVersion {@code server_version_num}, e.g. 170007
 * @param superuser whether the admin is a superuser
 */
record AdminConnection(Connection connection, int serverVersion, boolean superuser) {

  /** Opens a connection and reads its facts in one round trip. */
  static AdminConnection open(PostgresServer server, Duration lockTimeout) throws SQLException {
    Connection connection = server.admin();
    try {
      List<List<@Nullable String>> rows =
          Sql.batchRows(
              connection,
              List.of(
                  "SET lock_timeout = '" + lockTimeout.toMillis() + "ms'",
                  "SELECT current_setting('server_version_num'),"
                      + " (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)"));
      List<@Nullable String> facts = rows.get(0);
      return new AdminConnection(
          connection, Integer.parseInt(String.valueOf(facts.get(0))), "t".equals(facts.get(1)));
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Whether the connection still answers (one round trip), within {@code timeout}. */
  boolean isValid(Duration timeout) {
    try {
      return !connection.isClosed()
          && connection.isValid((int) Math.max(1, Math.min(timeout.toSeconds(), 60)));
    } catch (SQLException e) {
      return false;
    }
  }

  void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing a broken connection: nothing more to release.
    }
  }
}
