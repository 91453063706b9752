package io.envprov.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL 17 server that holds the environment databases of the PostgreSQL benchmark:
 * zonky's embedded server, started by this process, switched from zonky's "trust everyone" to SCRAM
 * passwords for every role (the superuser {@code postgres} included), as a pooled server would be.
 *
 * <p>Durability: zonky's own defaults are {@code synchronous_commit=off} ({@code fsync} is left at
 * PostgreSQL's default, on). With {@code durable} the server runs with {@code fsync=on} and {@code
 * synchronous_commit=on}, like a production server; {@link #settings()} tells what was used.
 *
 * <p>zonky starts the postmaster through {@code pg_ctl}, so it is not a descendant of this JVM; it
 * is found through {@code postmaster.pid} for CPU accounting and for a last-resort stop.
 */
final class EmbeddedDataServer implements AutoCloseable {

  static final String ADMIN = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final String adminPassword;
  private final Map<String, String> settings;
  private volatile boolean closed;

  private EmbeddedDataServer(
      EmbeddedPostgres postgres,
      Path dataDirectory,
      String adminPassword,
      Map<String, String> settings) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.adminPassword = adminPassword;
    this.settings = settings;
  }

  /**
   * Starts a server in {@code dataDirectory} (wiped first).
   *
   * @param durable {@code fsync=on} and {@code synchronous_commit=on}; otherwise zonky's defaults
   * @param extra further settings ({@code -c name=value}), e.g. statement logging for diagnosis
   */
  static EmbeddedDataServer start(Path dataDirectory, boolean durable, Map<String, String> extra)
      throws IOException, SQLException {
    Map<String, String> settings = new LinkedHashMap<>();
    if (durable) {
      settings.put("fsync", "on");
      settings.put("synchronous_commit", "on");
    }
    settings.putAll(extra);
    Files.createDirectories(dataDirectory.getParent());
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(true)
            .setPGStartupWait(Duration.ofSeconds(60));
    settings.forEach(builder::setServerConfig);
    EmbeddedPostgres postgres = builder.start();
    String password = HexFormat.of().formatHex(random(24));
    EmbeddedDataServer server;
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
      server = new EmbeddedDataServer(postgres, dataDirectory, password, settings);
    } catch (SQLException | IOException | RuntimeException e) {
      postgres.close();
      throw e;
    }
    try {
      server.awaitPasswordsChecked();
      server.recordEffectiveSettings();
    } catch (SQLException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  int port() {
    return postgres.getPort();
  }

  String adminPassword() {
    return adminPassword;
  }

  /** {@code jdbc:postgresql://localhost:<port>/<database>}, without credentials. */
  String url(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  /** The settings passed on the command line, then the effective values read back. */
  Map<String, String> settings() {
    return settings;
  }

  /** A superuser connection (SCRAM) to the named database. */
  Connection admin(String database) throws SQLException {
    return connect(database, ADMIN, adminPassword);
  }

  Connection connect(String database, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "120");
    return DriverManager.getConnection(url(database), properties);
  }

  /** The postmaster, while it runs. */
  Optional<ProcessHandle> postmaster() {
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

  /**
   * CPU time of the whole server so far: the postmaster, its live children, and the children it has
   * already reaped (every short-lived backend of a connection that was closed), from {@code
   * /proc/<pid>/stat}; -1 when unknown.
   */
  long cpuNanos() {
    return postmaster().map(ProcCpu::treeNanos).orElse(-1L);
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
      System.err.println("[data server] CHECKPOINT before stopping failed: " + e);
    }
    try {
      postgres.close();
    } catch (IOException | RuntimeException e) {
      System.err.println("[data server] pg_ctl stop failed: " + e);
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
    throw new IllegalStateException("the embedded data server still trusts everyone");
  }

  private void recordEffectiveSettings() throws SQLException {
    try (Connection connection = admin("postgres");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit',"
                    + " 'full_page_writes', 'wal_sync_method', 'max_connections',"
                    + " 'shared_buffers', 'password_encryption', 'server_version')"
                    + " ORDER BY name")) {
      while (rows.next()) {
        settings.put("effective." + rows.getString(1), rows.getString(2));
      }
    }
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return value;
  }
}
