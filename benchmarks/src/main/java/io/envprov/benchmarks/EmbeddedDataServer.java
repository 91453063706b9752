package io.envprov.benchmarks;

import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL 17 server that holds the environment databases of the PostgreSQL benchmark: the
 * shared test support's {@link EmbeddedPostgresServer} (zonky, SCRAM passwords for every role, the
 * superuser {@code postgres} included, as a pooled server would be), plus what the benchmark
 * reports about it.
 *
 * <p>Durability: zonky's own defaults are {@code synchronous_commit=off} ({@code fsync} is left at
 * PostgreSQL's default, on). With {@code durable} the server runs with {@code fsync=on} and {@code
 * synchronous_commit=on}, like a production server; {@link #settings()} tells what was used.
 */
final class EmbeddedDataServer implements AutoCloseable {

  static final String ADMIN = EmbeddedPostgresServer.ADMIN;

  private final EmbeddedPostgresServer server;
  private final Map<String, String> settings;

  private EmbeddedDataServer(EmbeddedPostgresServer server, Map<String, String> settings) {
    this.server = server;
    this.settings = settings;
  }

  /**
   * Starts a server in {@code dataDirectory} (wiped first).
   *
   * @param durable {@code fsync=on} and {@code synchronous_commit=on}; otherwise zonky's defaults
   * @param extra further settings ({@code -c name=value}), e.g. statement logging for diagnosis
   */
  static EmbeddedDataServer start(Path dataDirectory, boolean durable, Map<String, String> extra)
      throws SQLException {
    Map<String, String> settings = new LinkedHashMap<>();
    if (durable) {
      settings.put("fsync", "on");
      settings.put("synchronous_commit", "on");
    }
    settings.putAll(extra);
    EmbeddedDataServer data =
        new EmbeddedDataServer(
            EmbeddedPostgresServer.start(dataDirectory, Map.copyOf(settings)), settings);
    try {
      data.recordEffectiveSettings();
    } catch (SQLException | RuntimeException e) {
      data.close();
      throw e;
    }
    return data;
  }

  int port() {
    return server.port();
  }

  String adminPassword() {
    return server.adminPassword();
  }

  /** {@code jdbc:postgresql://localhost:<port>/<database>}, without credentials. */
  String url(String database) {
    return server.url(database);
  }

  /** The settings passed on the command line, then the effective values read back. */
  Map<String, String> settings() {
    return settings;
  }

  /** A superuser connection (SCRAM) to the named database. */
  Connection admin(String database) throws SQLException {
    return server.admin(database);
  }

  Connection connect(String database, String user, String password) throws SQLException {
    return server.connect(database, user, password);
  }

  /** The postmaster, while it runs. */
  Optional<ProcessHandle> postmaster() {
    return server.postmaster();
  }

  /**
   * CPU time of the whole server so far: the postmaster, its live children, and the children it has
   * already reaped (every short-lived backend of a connection that was closed), from {@code
   * /proc/<pid>/stat}; -1 when unknown.
   */
  long cpuNanos() {
    return postmaster().map(ProcCpu::treeNanos).orElse(-1L);
  }

  /** Stops the server; kills the postmaster if it survives {@code pg_ctl stop}. */
  @Override
  public void close() {
    server.close();
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
}
