package io.envprov.dataplane.testing;

import io.envprov.testsupport.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL server (the shared test support's {@link EmbeddedPostgresServer}: SCRAM
 * passwords for every role) hosting environment databases the way the PostgreSQL driver lays them
 * out: a NOLOGIN group role owns each database, and each credential is a LOGIN role in that group
 * whose sessions act as the group, so a rotated login sees the same tables.
 */
public final class PostgresServer implements AutoCloseable {

  private final EmbeddedPostgresServer server;

  private static @Nullable PostgresServer shared;

  /** One server for every test class of this JVM, stopped when the JVM exits. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      PostgresServer server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      shared = server;
    }
    return shared;
  }

  private PostgresServer(EmbeddedPostgresServer server) {
    this.server = server;
  }

  /** Starts a server whose data lives in a new temporary directory, removed on close. */
  public static PostgresServer start() {
    return new PostgresServer(EmbeddedPostgresServer.start(Map.of("max_connections", "600")));
  }

  /** A new random secret. */
  public static String randomSecret() {
    return EmbeddedPostgresServer.randomSecret();
  }

  public String url(String database) {
    return server.url(database);
  }

  /**
   * Creates an environment database {@code name} owned by the NOLOGIN group {@code name_owner};
   * nobody else may connect.
   */
  public void createDatabase(String name) {
    String group = group(name);
    admin(
        "postgres",
        "CREATE ROLE " + group + " NOLOGIN",
        "CREATE DATABASE " + name + " OWNER " + group,
        "REVOKE CONNECT, TEMPORARY ON DATABASE " + name + " FROM PUBLIC");
    admin(name, "ALTER SCHEMA public OWNER TO " + group);
  }

  /** Creates a LOGIN role in {@code database}'s group; its sessions act as the group. */
  public void createLogin(String database, String login, String password) {
    admin(
        "postgres",
        "CREATE ROLE " + login + " LOGIN PASSWORD '" + password + "' IN ROLE " + group(database),
        "ALTER ROLE " + login + " SET role = '" + group(database) + "'",
        "GRANT CONNECT ON DATABASE " + database + " TO " + login);
  }

  /** Changes a login's password, as if its credential had been revoked and reissued. */
  public void changePassword(String login, String password) {
    admin("postgres", "ALTER ROLE " + login + " PASSWORD '" + password + "'");
  }

  /** Drops a login role; sessions it already has go on. */
  public void dropLogin(String database, String login) {
    admin(
        "postgres",
        "REVOKE CONNECT ON DATABASE " + database + " FROM " + login,
        "DROP ROLE " + login);
  }

  /** The login names of the sessions connected to {@code database} now, one per session. */
  public List<String> sessionsOf(String database) {
    List<String> users = new ArrayList<>();
    try (Connection connection = connectAsAdmin("postgres");
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT session_user_name FROM (SELECT usename AS session_user_name, datname"
                    + " FROM pg_stat_activity WHERE backend_type = 'client backend') s"
                    + " WHERE datname = ?")) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          users.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return users;
  }

  /** Runs {@code sql} as the superuser in {@code database}. */
  public void admin(String database, String... sql) {
    server.execute(database, sql);
  }

  /** A superuser connection. */
  public Connection connectAsAdmin(String database) throws SQLException {
    return server.admin(database);
  }

  public Connection connect(String database, String user, String password) throws SQLException {
    return server.connect(database, user, password);
  }

  private static String group(String database) {
    return database + "_owner";
  }

  @Override
  public void close() {
    server.close();
  }
}
