package io.envprov.dataplane.jdbc;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;

/**
 * Whether a driver refused a login: SQLState class 28 ("invalid authorization specification", e.g.
 * PostgreSQL's 28P01) or the JDBC exception for it. Drivers that report rejected credentials this
 * way get the refetch-once behaviour.
 */
final class AuthenticationFailure {

  private AuthenticationFailure() {}

  static boolean is(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLInvalidAuthorizationSpecException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("28")) {
        return true;
      }
    }
    return false;
  }
}
