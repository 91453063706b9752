package io.envprov.driver.postgres;

import io.envprov.driver.spi.ServerTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * A real PostgreSQL server for one test class: the embedded server from Maven Central, switched
 * from its test default (trust everyone) to SCRAM passwords for every role, the admin included, as
 * a pooled server would be.
 */
final class EmbeddedServer implements AutoCloseable {

  static final String ADMIN = "postgres";

  private final EmbeddedPostgres postgres;
  private final String adminPassword;

  private EmbeddedServer(EmbeddedPostgres postgres, String adminPassword) {
    this.postgres = postgres;
    this.adminPassword = adminPassword;
  }

  static EmbeddedServer start(Path dataDirectory) throws IOException, SQLException {
    return start(dataDirectory, Map.of());
  }

  /** A server with extra settings ({@code -c name=value}), e.g. {@code fsync=on}. */
  static EmbeddedServer start(Path dataDirectory, Map<String, String> settings)
      throws IOException, SQLException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(true)
            .setPGStartupWait(Duration.ofSeconds(60));
    settings.forEach(builder::setServerConfig);
    EmbeddedPostgres postgres = builder.start();
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
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
    EmbeddedServer server = new EmbeddedServer(postgres, password);
    server.awaitPasswordsChecked();
    return server;
  }

  /** The server as the driver sees it: the superuser with its password. */
  ServerTarget target() {
    return new ServerTarget("embedded", adminUrl(), ADMIN, adminPassword, Map.of());
  }

  String adminUrl() {
    return url("postgres");
  }

  String url(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  int port() {
    return postgres.getPort();
  }

  /** A superuser connection to the named database. */
  Connection admin(String database) throws SQLException {
    return connect(database, ADMIN, adminPassword);
  }

  Connection connect(String database, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "60");
    return DriverManager.getConnection(url(database), properties);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  // The postmaster rereads pg_hba.conf a moment after the reload signal.
  private void awaitPasswordsChecked() throws SQLException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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
