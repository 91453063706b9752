package io.envprov.dataplane.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL server (the embedded one from Maven Central) that checks SCRAM passwords for
 * every role, as a pooled server would. It hosts environment databases the way the PostgreSQL
 * driver lays them out: a NOLOGIN group role owns each database, and each credential is a LOGIN
 * role in that group whose sessions act as the group, so a rotated login sees the same tables.
 */
public final class PostgresServer implements AutoCloseable {

  private static final String ADMIN = "postgres";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final String adminPassword;

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

  private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory, String adminPassword) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.adminPassword = adminPassword;
  }

  /** Starts a server whose data lives in a new temporary directory, removed on close. */
  public static PostgresServer start() {
    try {
      Path dataDirectory = Files.createTempDirectory("dataplane-pg");
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(true)
              .setServerConfig("max_connections", "600")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      String password = randomSecret();
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("ALTER ROLE " + ADMIN + " PASSWORD '" + password + "'");
        Files.writeString(
            dataDirectory.resolve("pg_hba.conf"),
            """
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """);
        statement.execute("SELECT pg_reload_conf()");
      }
      PostgresServer server = new PostgresServer(postgres, dataDirectory, password);
      server.awaitPasswordsChecked();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start PostgreSQL", e);
    }
  }

  /** A new random secret. */
  public static String randomSecret() {
    byte[] random = new byte[18];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  public String url(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
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
    try (Connection connection = connectAsAdmin(database);
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("admin SQL failed: " + e.getMessage(), e);
    }
  }

  /** A superuser connection. */
  public Connection connectAsAdmin(String database) throws SQLException {
    return connect(database, ADMIN, adminPassword);
  }

  public Connection connect(String database, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(url(database), properties);
  }

  private static String group(String database) {
    return database + "_owner";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the server keeps its data. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  // The postmaster rereads pg_hba.conf a moment after the reload signal.
  private void awaitPasswordsChecked() throws SQLException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection ignored = connect("postgres", ADMIN, "not-the-password")) {
        Thread.onSpinWait();
      } catch (SQLException e) {
        if ("28P01".equals(e.getSQLState())) {
          return;
        }
        throw e;
      }
    }
    throw new IllegalStateException("the embedded server still trusts everyone");
  }
}
