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
   * A Hrana client for the same database, to send a pipeline of one's own without the probe a JDBC
   * connection makes. Its token is renewed every {@link #TOKEN_RENEWAL} (the driver's tokens live
   * for minutes), so a long backup or restore keeps its stream.
   */
  HranaClient hrana(HttpClient http, Duration timeout) throws SQLException {
    String first = token.get();
    Properties properties = new Properties();
    properties.setProperty("password", first);
    LibsqlUrl url = LibsqlUrl.parse(jdbcUrl, properties);
    return new HranaClient(url.httpBase(), url.namespace(), renewing(first), http, timeout);
  }

  /** How long the Hrana client of {@link #hrana} uses one token before asking for a fresh one. */
  static final Duration TOKEN_RENEWAL = Duration.ofMinutes(1);

  private Supplier<String> renewing(String first) {
    return new Supplier<>() {
      private String current = first;
      private long renewAt = System.nanoTime() + TOKEN_RENEWAL.toNanos();

      @Override
      public synchronized String get() {
        if (System.nanoTime() - renewAt >= 0) {
          current = token.get();
          renewAt = System.nanoTime() + TOKEN_RENEWAL.toNanos();
        }
        return current;
      }
    };
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
