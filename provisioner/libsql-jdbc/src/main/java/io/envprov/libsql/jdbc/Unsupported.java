package io.envprov.libsql.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * How the driver answers a JDBC method it does not implement (the subset is in the module README):
 * one exception naming the method, the refusal of anything but forward-only, read-only result sets,
 * and the {@link java.sql.Wrapper} answers every JDBC object of the driver gives (it wraps nothing
 * but itself).
 */
final class Unsupported {

  private Unsupported() {}

  /**
   * @param method the JDBC method, e.g. {@code ResultSet.updateInt}
   */
  static SQLFeatureNotSupportedException unsupported(String method) {
    return new SQLFeatureNotSupportedException(method + " is not supported by the libSQL driver");
  }

  /** Refuses a fetch direction other than {@link ResultSet#FETCH_FORWARD}. */
  static void checkFetchDirection(int direction) throws SQLFeatureNotSupportedException {
    if (direction != ResultSet.FETCH_FORWARD) {
      throw new SQLFeatureNotSupportedException("only FETCH_FORWARD is supported");
    }
  }

  /** Refuses result sets other than forward-only and read-only. */
  static void checkResultSetType(int type, int concurrency) throws SQLFeatureNotSupportedException {
    if (type != ResultSet.TYPE_FORWARD_ONLY || concurrency != ResultSet.CONCUR_READ_ONLY) {
      throw new SQLFeatureNotSupportedException(
          "only forward-only, read-only result sets are supported");
    }
  }

  static <T> T unwrap(Object self, Class<T> type) throws SQLException {
    if (type.isInstance(self)) {
      return type.cast(self);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }
}
