package io.envprov.driver.postgres;

import io.envprov.driver.spi.ServerTarget;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * One server of the pool as the driver reaches it: admin connections (kept in an {@link AdminPool}
 * between calls when it has one) and connections to its databases (opened per call), every one with
 * a connect and a socket timeout. Cheap; made per call.
 */
final class PostgresServer {

  private static final org.postgresql.Driver PGJDBC = new org.postgresql.Driver();

  private final ServerTarget target;
  private final PostgresUrl adminUrl;
  private final PostgresSettings settings;
  private final @Nullable AdminPool pool;

  private PostgresServer(
      ServerTarget target,
      PostgresUrl adminUrl,
      PostgresSettings settings,
      @Nullable AdminPool pool) {
    this.target = target;
    this.adminUrl = adminUrl;
    this.settings = settings;
    this.pool = pool;
  }

  /**
   * The server of a database, or an error naming what is wrong with it.
   *
   * @throws IllegalArgumentException when there is no server or its admin URL is not a PgJDBC URL
   */
  static PostgresServer of(@Nullable ServerTarget target, PostgresSettings settings) {
    if (target == null) {
      throw new IllegalArgumentException(
          "the postgres driver places databases on a server, and none was given");
    }
    try {
      return new PostgresServer(target, PostgresUrl.parse(target.adminUrl()), settings, null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the admin URL of server "
              + target.id()
              + " is not a JDBC URL like jdbc:postgresql://host:5432/postgres: "
              + e.getMessage(),
          e);
    }
  }

  /** The same server, its admin connections borrowed from {@code pool} (none: opened per call). */
  PostgresServer withPool(@Nullable AdminPool pool) {
    return new PostgresServer(target, adminUrl, settings, pool);
  }

  String id() {
    return target.id();
  }

  ServerTarget target() {
    return target;
  }

  PostgresSettings settings() {
    return settings;
  }

  /**
   * An admin connection for one call: from the pool, or opened for the call. Give it back with
   * {@link #giveBack}.
   */
  AdminConnection borrowAdmin() throws SQLException {
    if (pool != null) {
      try {
        return pool.borrow();
      } catch (IllegalStateException closed) {
        // Closed meanwhile (the driver closing, or the secret changed): one connection of our own.
      }
    }
    return AdminConnection.open(this, settings.lockTimeout());
  }

  /** Returns a connection of {@link #borrowAdmin}: kept when {@code reusable} and pooled. */
  void giveBack(AdminConnection connection, boolean reusable) {
    if (pool != null) {
      pool.giveBack(connection, reusable);
    } else {
      connection.close();
    }
  }

  /** What must never appear in a message: the admin secret. */
  List<String> secrets() {
    String secret = target.adminSecret();
    return secret == null || secret.isEmpty() ? List.of() : List.of(secret);
  }

  /** A new connection as the server admin to the database of the admin URL. */
  Connection admin() throws SQLException {
    return open(adminUrl, settings.connectTimeout(), settings.socketTimeout());
  }

  /** A connection as the server admin to the named database. */
  Connection database(String name) throws SQLException {
    return open(adminUrl.withDatabase(name), settings.connectTimeout(), settings.socketTimeout());
  }

  /** An admin connection with the short timeouts of a health check. */
  Connection forHealthCheck() throws SQLException {
    return open(adminUrl, settings.healthTimeout(), settings.healthTimeout());
  }

  /** Connections as the server admin to the named database, for Flyway. */
  DataSource dataSource(String name) {
    return new AdminDataSource(this, name);
  }

  /** The URL clients use for that database: no secret, no admin identity. */
  String clientUrl(String name) {
    return adminUrl.forClients().withDatabase(name).jdbcUrl();
  }

  /** The admin URL with secrets masked, for messages. */
  String describe() {
    return "server " + target.id() + " (" + adminUrl.forClients() + ")";
  }

  private Connection open(PostgresUrl url, Duration connectTimeout, Duration socketTimeout)
      throws SQLException {
    Properties properties = new Properties();
    if (target.adminUsername() != null) {
      properties.setProperty("user", target.adminUsername());
    }
    if (target.adminSecret() != null) {
      properties.setProperty("password", target.adminSecret());
    }
    String connectSeconds = Long.toString(Math.max(1, connectTimeout.toSeconds()));
    properties.setProperty("connectTimeout", connectSeconds);
    properties.setProperty("loginTimeout", connectSeconds);
    properties.setProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("ApplicationName", "envprov-driver-postgres");
    Connection connection = PGJDBC.connect(url.jdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("PgJDBC does not accept the URL of " + describe(), "08001");
    }
    return connection;
  }

  /** Just enough of a {@link DataSource} for Flyway: every call opens an admin connection. */
  private record AdminDataSource(PostgresServer server, String database) implements DataSource {

    @Override
    public Connection getConnection() throws SQLException {
      return server.database(database);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("connections are always the server admin's");
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
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
}
