package io.envprov.provisioner.packages;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that hands out the one connection the runner already opened, with {@code
 * close()} doing nothing: Flyway then reads and migrates over the connection the runner used for
 * its own reads, and the runner records the installation over it afterwards. One login per install
 * instead of two or three (a SCRAM login to PostgreSQL costs more than all the queries of an
 * upgrade).
 */
final class SharedConnection implements DataSource {

  private final Connection shared;

  SharedConnection(Connection connection) {
    this.shared =
        (Connection)
            Proxy.newProxyInstance(
                SharedConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> {
                  switch (method.getName()) {
                    case "close":
                      return null; // the runner closes it
                    case "unwrap":
                      if (((Class<?>) arguments[0]).isInstance(proxy)) {
                        return proxy;
                      }
                      break;
                    case "isWrapperFor":
                      if (((Class<?>) arguments[0]).isInstance(proxy)) {
                        return true;
                      }
                      break;
                    case "equals":
                      return proxy == arguments[0];
                    case "hashCode":
                      return System.identityHashCode(proxy);
                    default:
                      break;
                  }
                  try {
                    return method.invoke(connection, arguments);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  @Override
  public Connection getConnection() {
    return shared;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the identity of this connection is fixed");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
