package io.envprov.provisioner.packages;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A new connection per call, as the control plane's data sources for environments are. */
final class JdbcDataSource implements DataSource {

  private final String url;
  private final Properties properties;
  private final AtomicInteger opened = new AtomicInteger();

  JdbcDataSource(String url, Properties properties) {
    this.url = url;
    this.properties = properties;
  }

  static JdbcDataSource of(String url, String user, String password) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return new JdbcDataSource(url, properties);
  }

  /** How many connections were opened. */
  int opened() {
    return opened.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    opened.incrementAndGet();
    return DriverManager.getConnection(url, properties);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException();
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
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
