package io.envprov.driver.postgres;

import io.envprov.driver.spi.ServerTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
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

  /**
   * Every admin session resolves names from {@code pg_catalog} only (temporary objects last, never
   * functions or operators), so that objects a tenant made in a schema of its database (say a
   * {@code public.=} operator or a {@code public.format} function) never run as the admin.
   */
  static final String PINNED_SEARCH_PATH = "pg_catalog, pg_temp";

  private final @Nullable AdminPool pool;
  private final LockKeys lockKeys;

  private PostgresServer(
      ServerTarget target,
      PostgresUrl adminUrl,
      PostgresSettings settings,
      @Nullable AdminPool pool,
      LockKeys lockKeys) {
    this.target = target;
    this.adminUrl = adminUrl;
    this.settings = settings;
    this.pool = pool;
    this.lockKeys = lockKeys;
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
      return new PostgresServer(
          target, PostgresUrl.parse(target.adminUrl()), settings, null, LockKeys.unsalted());
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
    return new PostgresServer(target, adminUrl, settings, pool, lockKeys);
  }

  /** The same server, its advisory lock keys derived with {@code keys}. */
  PostgresServer withLockKeys(LockKeys keys) {
    return new PostgresServer(target, adminUrl, settings, pool, keys);
  }

  /** The advisory lock key of a name on this server (see {@link LockKeys}). */
  long lockKey(String name) {
    return lockKeys.key(name);
  }

  /** The database of the admin URL, or null when it names none (PgJDBC then uses the user's). */
  @Nullable String adminDatabase() {
    return adminUrl.database();
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

  /**
   * A connection as the server admin to the named database. Never read or run anything a tenant may
   * have changed on it (a tenant owns schema {@code public} of its database): use a {@link
   * ProbeLogin} for that.
   */
  Connection database(String name) throws SQLException {
    return open(adminUrl.withDatabase(name), settings.connectTimeout(), settings.socketTimeout());
  }

  /**
   * A connection as another role (a {@link ProbeLogin}) to the named database, with the search path
   * the role's own settings give it.
   */
  Connection databaseAs(String name, String user, String password) throws SQLException {
    Properties properties = properties(settings.connectTimeout(), settings.socketTimeout());
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return connect(adminUrl.forClients().withDatabase(name), properties);
  }

  /** An admin connection with the short timeouts of a health check. */
  Connection forHealthCheck() throws SQLException {
    return open(adminUrl, settings.healthTimeout(), settings.healthTimeout());
  }

  /** Connections as the server admin to the named database, for Flyway. */
  DataSource dataSource(String name) {
    return new ConnectingDataSource(() -> database(name));
  }

  /** The URL clients use for that database: no secret, no admin identity. */
  String clientUrl(String name) {
    return adminUrl.forClients().withDatabase(name).jdbcUrl();
  }

  /**
   * The libpq connection string of a client program connecting as {@code user} (a {@link
   * ProbeLogin}) to the named database: the admin URL's hosts and TLS mode, no password.
   */
  String conninfo(String database, String user) {
    return Conninfo.of(adminUrl.forClients(), database, user, settings.connectTimeout());
  }

  /** The admin URL with secrets masked, for messages. */
  String describe() {
    return "server " + target.id() + " (" + adminUrl.forClients() + ")";
  }

  private Connection open(PostgresUrl url, Duration connectTimeout, Duration socketTimeout)
      throws SQLException {
    Properties properties = properties(connectTimeout, socketTimeout);
    if (target.adminUsername() != null) {
      properties.setProperty("user", target.adminUsername());
    }
    if (target.adminSecret() != null) {
      properties.setProperty("password", target.adminSecret());
    }
    if (url.has("options")) {
      // The URL's options outrank the property: pin the search path with a statement instead.
      Connection connection = connect(url, properties);
      try {
        Sql.execute(connection, "SET search_path = " + PINNED_SEARCH_PATH);
        return connection;
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    }
    properties.setProperty("options", "-c search_path=" + PINNED_SEARCH_PATH.replace(" ", ""));
    return connect(url, properties);
  }

  private static Properties properties(Duration connectTimeout, Duration socketTimeout) {
    Properties properties = new Properties();
    String connectSeconds = Long.toString(Math.max(1, connectTimeout.toSeconds()));
    properties.setProperty("connectTimeout", connectSeconds);
    properties.setProperty("loginTimeout", connectSeconds);
    properties.setProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("ApplicationName", "envprov-driver-postgres");
    return properties;
  }

  private Connection connect(PostgresUrl url, Properties properties) throws SQLException {
    Connection connection = PGJDBC.connect(url.jdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("PgJDBC does not accept the URL of " + describe(), "08001");
    }
    return connection;
  }
}
