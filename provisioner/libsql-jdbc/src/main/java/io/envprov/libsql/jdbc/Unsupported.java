package io.envprov.libsql.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * How the driver answers a JDBC method it does not implement (the subset is in the module README):
 * one exception naming the method, and the {@link java.sql.Wrapper} answers every JDBC object of
 * the driver gives (it wraps nothing but itself).
 */
final class Unsupported {

  private Unsupported() {}

  /**
   * @param method the JDBC method, e.g. {@code ResultSet.updateInt}
   */
  static SQLFeatureNotSupportedException unsupported(String method) {
    return new SQLFeatureNotSupportedException(method + " is not supported by the libSQL driver");
  }

  static <T> T unwrap(Object self, Class<T> type) throws SQLException {
    if (type.isInstance(self)) {
      return type.cast(self);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }
}
