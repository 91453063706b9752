package io.envprov.driver.libsql;

import io.envprov.driver.spi.SimpleDataSource;
import io.envprov.libsql.hrana.HranaClient;
import io.envprov.libsql.jdbc.LibsqlJdbcDriver;
import io.envprov.libsql.jdbc.LibsqlUrl;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;

/** Opens JDBC connections to one database through this module's own JDBC driver. */
final class LibsqlConnections extends SimpleDataSource {

  private static final LibsqlJdbcDriver DRIVER = new LibsqlJdbcDriver();

  private final String jdbcUrl;
  private final Supplier<String> token;

  /**
   * @param jdbcUrl a {@code jdbc:libsql:} URL (with its namespace, if any)
   * @param token gives the token for each new connection (tokens may be short-lived)
   */
  LibsqlConnections(String jdbcUrl, Supplier<String> token) {
    this.jdbcUrl = jdbcUrl;
    this.token = token;
  }

  /**
   * A Hrana client for the same database and token, to send a pipeline of one's own without the
   * probe a JDBC connection makes.
   */
  HranaClient hrana(HttpClient http, Duration timeout) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("password", token.get());
    LibsqlUrl url = LibsqlUrl.parse(jdbcUrl, properties);
    return new HranaClient(url.httpBase(), url.namespace(), url.token(), http, timeout);
  }

  @Override
  public Connection getConnection() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("password", token.get());
    Connection connection = DRIVER.connect(jdbcUrl, properties);
    if (connection == null) {
      throw new SQLException("not a libSQL URL: " + jdbcUrl);
    }
    return connection;
  }
}
