package io.envprov.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 17 server of one's own: the embedded server from Maven Central (zonky), switched
 * from its test default (trust everyone) to SCRAM passwords for every role, the superuser {@value
 * #ADMIN} included, as a pooled server would be. For tests (and benchmarks) that act as the
 * server's superuser: create databases and roles, change settings, read its data files. Tests that
 * only need a database use {@link TestPostgres}.
 *
 * <p>zonky starts the postmaster through {@code pg_ctl}, so it is not a descendant of this JVM;
 * {@link #postmaster()} finds it through {@code postmaster.pid} (CPU accounting, a last-resort
 * stop).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  /** The superuser. */
  public static final String ADMIN = "postgres";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final String adminPassword;
  private volatile boolean closed;

  private EmbeddedPostgresServer(
      EmbeddedPostgres postgres, Path dataDirectory, String adminPassword) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.adminPassword = adminPassword;
  }

  /** A server whose data lives in a new temporary directory, removed on close. */
  public static EmbeddedPostgresServer start() {
    return start(Map.of());
  }

  /** A server with settings ({@code -c name=value}) in a new temporary directory. */
  public static EmbeddedPostgresServer start(Map<String, String> settings) {
    try {
      return start(Files.createTempDirectory("embedded-pg"), settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A server in a new temporary directory whose superuser has the given password, for tests that
   * look for it where it must not be.
   */
  public static EmbeddedPostgresServer start(String adminPassword) {
    try {
      return start(Files.createTempDirectory("embedded-pg"), Map.of(), adminPassword);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A server in {@code dataDirectory} (wiped first, and removed on close). */
  public static EmbeddedPostgresServer start(Path dataDirectory) {
    return start(dataDirectory, Map.of());
  }

  /**
   * A server in {@code dataDirectory} (wiped first, and removed on close) with settings ({@code -c
   * name=value}), e.g. {@code fsync=on}.
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, Map<String, String> settings) {
    return start(dataDirectory, settings, randomSecret());
  }

  /** A server in {@code dataDirectory} with settings and the superuser's password. */
  public static EmbeddedPostgresServer start(
      Path dataDirectory, Map<String, String> settings, String adminPassword) {
    try {
      Files.createDirectories(dataDirectory.getParent());
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(true)
              .setPGStartupWait(Duration.ofSeconds(60));
      settings.forEach(builder::setServerConfig);
      EmbeddedPostgres postgres = builder.start();
      EmbeddedPostgresServer server;
      try {
        server =
            new EmbeddedPostgresServer(
                postgres, dataDirectory, requirePasswords(postgres, dataDirectory, adminPassword));
      } catch (SQLException | IOException | RuntimeException e) {
        postgres.close();
        throw e;
      }
      try {
        server.awaitPasswordsChecked();
      } catch (SQLException | RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start embedded PostgreSQL", e);
    }
  }

  /** Sets a random superuser password and makes every login check its password. */
  private static String requirePasswords(
      EmbeddedPostgres postgres, Path dataDirectory, String password)
      throws SQLException, IOException {
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
    return password;
  }

  /** A new random secret (hex), e.g. a login's password. */
  public static String randomSecret() {
    byte[] random = new byte[18];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  public int port() {
    return postgres.getPort();
  }

  public String adminPassword() {
    return adminPassword;
  }

  /** {@code jdbc:postgresql://localhost:<port>/<database>}, without credentials. */
  public String url(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  /** The URL of the {@code postgres} maintenance database. */
  public String adminUrl() {
    return url("postgres");
  }

  /** A superuser connection (SCRAM) to the named database. */
  public Connection admin(String database) throws SQLException {
    return connect(database, ADMIN, adminPassword);
  }

  /** Runs each statement as the superuser in {@code database}. */
  public void execute(String database, String... sql) {
    try (Connection connection = admin(database);
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("admin SQL failed: " + e.getMessage(), e);
    }
  }

  /** A connection as {@code user}, with time limits so a broken server fails a test, not hangs. */
  public Connection connect(String database, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "120");
    return DriverManager.getConnection(url(database), properties);
  }

  /** Where the server keeps its data. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The postmaster, while it runs. */
  public Optional<ProcessHandle> postmaster() {
    try {
      List<String> lines =
          Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Stops the server ({@code pg_ctl stop -m fast}); kills the postmaster if it survives that. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Optional<ProcessHandle> postmaster = postmaster();
    // zonky gives pg_ctl stop 5 s; with fsync on and hundreds of new databases the shutdown
    // checkpoint alone can take longer. Checkpointing first leaves it little to do.
    try (Connection connection = admin("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      // a server already down or refusing: pg_ctl and the kill below still stop it
    }
    try {
      postgres.close();
    } catch (IOException | RuntimeException e) {
      System.err.println("[embedded PostgreSQL] pg_ctl stop failed: " + e);
    }
    postmaster.ifPresent(
        p -> {
          if (p.isAlive()) {
            p.destroy();
            try {
              p.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
              p.destroyForcibly();
            }
          }
        });
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
