package io.envprov.benchmarks;

import io.envprov.testsupport.LocalPostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The PostgreSQL side of the backup benchmark: a PostgreSQL 15 server from Debian's binaries (the
 * machine's {@code pg_dump} is 15 and dumps no newer server), fsync on, registered with the
 * service; and {@code pg_dump} / {@code pg_restore} run directly against it as the baseline.
 */
final class BackupPostgres implements AutoCloseable {

  static final String REGION = "pg15";
  static final int MAJOR = 15;
  private static final int ROW_PAYLOAD_BYTES = 800;

  private final LocalPostgresServer server;

  private BackupPostgres(LocalPostgresServer server) {
    this.server = server;
  }

  static BackupPostgres start(Path directory, PrintStream out) {
    if (!LocalPostgresServer.available(MAJOR)) {
      throw new IllegalStateException(
          "PostgreSQL "
              + MAJOR
              + " server binaries are missing (apt-get install postgresql-15), or pass"
              + " --postgres-mb 0");
    }
    LocalPostgresServer server = LocalPostgresServer.start(MAJOR, Map.of("fsync", "on"));
    out.printf("PostgreSQL %d data server on port %d (fsync on)%n", MAJOR, server.port());
    return new BackupPostgres(server);
  }

  /** Registers the server with the service ({@code POST /v1/database-servers}). */
  void register(ControlPlaneClient client, ObjectMapper json) throws Exception {
    ObjectNode body =
        json.createObjectNode()
            .put("driver", "postgres")
            .put("region", REGION)
            .put("name", "bench-pg15")
            .put("admin_url", server.url("postgres"))
            .put("admin_username", LocalPostgresServer.ADMIN)
            .put("admin_secret", server.adminPassword())
            .put("capacity", 100);
    client.createDatabaseServer(body);
  }

  /**
   * Fills the environment's database to {@code megabytes} through its admin credential: rows of md5
   * text (compressible as real text is, partly), an index, a sequence.
   */
  void fill(String url, Properties login, int megabytes) throws Exception {
    long rows = (long) megabytes * 1_000_000 / (ROW_PAYLOAD_BYTES + 60);
    int md5s = ROW_PAYLOAD_BYTES / 32;
    try (Connection connection = DriverManager.getConnection(url, login);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, label text NOT NULL, payload text NOT"
              + " NULL, amount numeric(12, 2) NOT NULL, created_at timestamptz NOT NULL DEFAULT"
              + " now())");
      StringBuilder payload = new StringBuilder("md5(i::text)");
      for (int k = 1; k < md5s; k++) {
        payload.append(" || md5((i + ").append(k).append(")::text || random()::text)");
      }
      statement.execute(
          "INSERT INTO bench_rows (label, payload, amount) SELECT 'row ' || i, "
              + payload
              + ", i * 0.07 FROM generate_series(1, "
              + rows
              + ") AS i");
      statement.execute("CREATE INDEX bench_rows_label ON bench_rows (label)");
      statement.execute("ANALYZE bench_rows");
    }
  }

  /** The baseline: the client programs run directly on the environment's database. */
  BackupBenchmark.Direct direct(String environmentUrl) {
    String database = environmentUrl.substring(environmentUrl.lastIndexOf('/') + 1);
    int query = database.indexOf('?');
    String name = query < 0 ? database : database.substring(0, query);
    return new BackupBenchmark.Direct() {
      @Override
      public void backup(Path target) throws Exception {
        run(
            "pg_dump",
            // The whole database (schema public is all a tenant has): a dump of one schema would
            // carry a CREATE SCHEMA public that a plain pg_restore into a new database refuses.
            "--format=custom",
            "--no-privileges",
            "--no-owner",
            "--file=" + target,
            "--dbname=" + name);
      }

      @Override
      public AutoCloseable restore(Path snapshot, int round) throws Exception {
        String target = "bench_restore_" + round;
        server.execute(
            "postgres", "DROP DATABASE IF EXISTS " + target, "CREATE DATABASE " + target);
        run(
            "pg_restore",
            "--no-privileges",
            "--no-owner",
            "--exit-on-error",
            "--dbname=" + target,
            snapshot.toString());
        return () -> server.execute("postgres", "DROP DATABASE IF EXISTS " + target);
      }

      @Override
      public long sizeBytes() throws Exception {
        try (Connection connection = server.admin("postgres");
            Statement statement = connection.createStatement();
            ResultSet size = statement.executeQuery("SELECT pg_database_size('" + name + "')")) {
          size.next();
          return size.getLong(1);
        }
      }
    };
  }

  private void run(String tool, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(server.binDirectory().resolve(tool).toString());
    command.add("--host=127.0.0.1");
    command.add("--port=" + server.port());
    command.add("--username=" + LocalPostgresServer.ADMIN);
    command.add("--no-password");
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", server.adminPassword());
    Path log = Files.createTempFile("bench-" + tool, ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    int exit = process.waitFor();
    String output = Files.readString(log);
    Files.deleteIfExists(log);
    if (exit != 0) {
      throw new IllegalStateException(tool + " exited " + exit + ": " + output);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
