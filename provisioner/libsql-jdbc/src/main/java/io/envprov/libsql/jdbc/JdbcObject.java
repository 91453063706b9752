package io.envprov.libsql.jdbc;

import java.sql.SQLException;
import java.sql.SQLWarning;
import org.jspecify.annotations.Nullable;

/**
 * What every JDBC object of the driver answers alike: it wraps nothing but itself ({@link
 * java.sql.Wrapper}), and it has no warnings (Hrana reports none). A class, not an interface, so
 * that the public methods stay reachable by reflection through the driver's public classes.
 */
abstract class JdbcObject {

  public <T> T unwrap(Class<T> type) throws SQLException {
    return Unsupported.unwrap(this, type);
  }

  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  public @Nullable SQLWarning getWarnings() {
    return null;
  }

  public void clearWarnings() {}
}
