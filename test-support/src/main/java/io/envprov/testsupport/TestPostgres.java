package io.envprov.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL server for tests, one per JVM: {@code TEST_POSTGRES_URL} (with {@code
 * TEST_POSTGRES_USER}/{@code TEST_POSTGRES_PASSWORD}) points at an existing server; otherwise
 * Testcontainers where a Docker engine answers, otherwise an embedded server from Maven Central.
 * Each caller gets a fresh database on it.
 *
 * <p>Tests that need a whole server of their own (a superuser that creates roles and databases,
 * server settings, its data files) start an {@link EmbeddedPostgresServer} instead.
 */
public final class TestPostgres {

  private static Server server;

  private TestPostgres() {}

  /** A JDBC URL of a new, empty database. */
  public static synchronized Database newDatabase() {
    if (server == null) {
      server = start();
    }
    String name = "test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection =
            DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database", e);
    }
    return new Database(server.urlOf(name), server.user(), server.password());
  }

  /** A test database. */
  public record Database(String jdbcUrl, String user, String password) {

    public Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl, user, password);
    }
  }

  private record Server(String host, int port, String user, String password) {
    String adminUrl() {
      return urlOf("postgres");
    }

    String urlOf(String database) {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
  }

  private static Server start() {
    String external = System.getenv("TEST_POSTGRES_URL");
    if (external != null && !external.isBlank()) {
      URI uri = URI.create(external.substring("jdbc:".length()));
      return new Server(
          uri.getHost(),
          uri.getPort() < 0 ? 5432 : uri.getPort(),
          System.getenv().getOrDefault("TEST_POSTGRES_USER", "postgres"),
          System.getenv().getOrDefault("TEST_POSTGRES_PASSWORD", ""));
    }
    if (dockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      return new Server(
          container.getHost(),
          container.getMappedPort(5432),
          container.getUsername(),
          container.getPassword());
    }
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException e) {
                      // the JVM is going away; nothing to report to
                    }
                  }));
      return new Server("localhost", postgres.getPort(), "postgres", "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }
}
