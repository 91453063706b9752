package io.envprov.dataplane.jdbc;

import io.envprov.dataplane.credentials.ConnectionFacts;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.PoolKey;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * The unpooled source of one environment's physical connections, under its HikariCP pool: each new
 * connection reads the environment's current connection facts, so a rotated credential reaches new
 * connections without restarting the pool. When the driver rejects the credential, the facts are
 * fetched again once and the connection retried; a second rejection surfaces as an {@link
 * SQLException} whose message quotes the driver with the secret masked.
 */
final class CredentialedDataSource extends DataSourceBase {

  private final PoolKey key;
  private final CredentialStore credentials;
  private volatile int loginTimeoutSeconds;

  CredentialedDataSource(PoolKey key, CredentialStore credentials) {
    this.key = key;
    this.credentials = credentials;
  }

  @Override
  public Connection getConnection() throws SQLException {
    ConnectionFacts facts = credentials.current(key);
    try {
      return connect(facts);
    } catch (SQLException e) {
      if (!AuthenticationFailure.is(e)) {
        throw redacted("cannot connect", facts, e);
      }
    }
    ConnectionFacts fresh = credentials.refetch(key, facts.credentialId());
    try {
      return connect(fresh);
    } catch (SQLException e) {
      throw redacted(
          AuthenticationFailure.is(e)
              ? "the credential was rejected again after fetching it anew"
              : "cannot connect",
          fresh,
          e);
    }
  }

  private static Connection connect(ConnectionFacts facts) throws SQLException {
    Driver driver = DriverManager.getDriver(facts.jdbcUrl());
    Connection connection = driver.connect(facts.jdbcUrl(), facts.jdbcProperties());
    if (connection == null) {
      throw new SQLException("no JDBC driver accepts the URL of driver " + facts.driver(), "08001");
    }
    return connection;
  }

  /**
   * A new exception rather than the driver's: its message quotes the driver with the secret masked,
   * and it chains no cause whose message might carry the secret.
   */
  private SQLException redacted(String what, ConnectionFacts facts, SQLException e) {
    SQLException clean =
        new SQLException(
            "Environment "
                + key
                + " ("
                + facts.driver()
                + ", credential "
                + facts.credentialId()
                + "): "
                + what
                + ": "
                + facts.redact(e.getMessage())
                + " [SQLState "
                + e.getSQLState()
                + "]",
            e.getSQLState(),
            e.getErrorCode());
    clean.setStackTrace(e.getStackTrace());
    return clean;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials come from the control plane");
  }

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public String toString() {
    return "CredentialedDataSource[" + key + "]";
  }
}
