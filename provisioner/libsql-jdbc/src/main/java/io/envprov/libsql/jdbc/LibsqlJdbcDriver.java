package io.envprov.libsql.jdbc;

import io.envprov.libsql.hrana.HranaClient;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC driver for {@code jdbc:libsql:} URLs: a JDBC connection over Hrana HTTP to sqld or Turso
 * (see {@link LibsqlUrl} for the URL and properties). Registered with {@link DriverManager} through
 * {@code META-INF/services/java.sql.Driver}. All connections share one HTTP client.
 */
public final class LibsqlJdbcDriver implements Driver {

  static final int MAJOR = 0;
  static final int MINOR = 1;

  private static final HttpClient HTTP = HranaClient.newHttpClient(Duration.ofSeconds(10));

  static {
    try {
      DriverManager.registerDriver(new LibsqlJdbcDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public @Nullable Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // JDBC: another driver's URL
    }
    LibsqlUrl parsed = LibsqlUrl.parse(url, info);
    HranaClient client =
        new HranaClient(
            parsed.httpBase(),
            parsed.namespace(),
            parsed.token(),
            HTTP,
            Duration.ofSeconds(parsed.timeoutSeconds()));
    if (!"false".equalsIgnoreCase(info.getProperty("validate", ""))) {
      client.openStream().probe(); // fail now, not at the first statement, on a bad token
    }
    return new LibsqlConnection(client, url);
  }

  @Override
  public boolean acceptsURL(String url) {
    return LibsqlUrl.accepts(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    DriverPropertyInfo token = new DriverPropertyInfo("authToken", null);
    token.description = "the JWT sent as a bearer token (also read from 'password')";
    DriverPropertyInfo namespace =
        new DriverPropertyInfo("namespace", info.getProperty("namespace"));
    namespace.description = "the sqld namespace, sent as the x-namespace header";
    DriverPropertyInfo tls = new DriverPropertyInfo("tls", info.getProperty("tls"));
    tls.description = "false or 0 for plain HTTP with jdbc:libsql://";
    return new DriverPropertyInfo[] {token, namespace, tls};
  }

  @Override
  public int getMajorVersion() {
    return MAJOR;
  }

  @Override
  public int getMinorVersion() {
    return MINOR;
  }

  @Override
  public boolean jdbcCompliant() {
    return false; // a subset of JDBC, documented in the module README
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("the libSQL driver does not use java.util.logging");
  }
}
