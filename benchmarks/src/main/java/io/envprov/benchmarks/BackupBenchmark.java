package io.envprov.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures backup and restore throughput (MB/s) through the control plane's HTTP API and compares
 * it, in the same run and on the same database, with the tools the drivers use run directly.
 *
 * <h2>What one run does</h2>
 *
 * <ol>
 *   <li>Starts the control-plane exec jar (embedded store, SQLite data plane) and, unless {@code
 *       --postgres-mb 0}, a PostgreSQL 15 server (Debian's binaries, which the machine's {@code
 *       pg_dump} can dump) registered through the API.
 *   <li>Per driver: provisions one environment and fills it to {@code --*-mb} through its admin
 *       credential (not measured); then a warm-up backup and restore through the service (not
 *       measured: a long-running service has its JIT warm).
 *   <li>{@code --rounds} times, alternating: the <b>baseline</b> backup (SQLite: the online backup
 *       API of sqlite-jdbc into a file; PostgreSQL: {@code pg_dump --format=custom} with the
 *       driver's flags into a file), the <b>service</b> backup ({@code POST
 *       /v1/environments/{id}/backups} until the backup is {@code succeeded}: snapshot, AES-GCM
 *       sealing, SHA-256, the store), the baseline restore (SQLite: the backup API from the
 *       snapshot into a new file; PostgreSQL: {@code createdb} then {@code pg_restore}), and the
 *       service restore ({@code POST /v1/backups/{id}/restore} as a new environment until it is
 *       {@code active}: unsealing, checksum, the driver's restore, credentials and the readiness
 *       check).
 *   <li>Prints the median of each, as MB/s of the database's size, and the ratios service /
 *       baseline against the target (within 1.3x); writes {@code benchmarks/results/backup-*.json}.
 * </ol>
 *
 * <pre>
 * benchmarks/run-backup.sh --sqlite-mb 200 --postgres-mb 200 --rounds 3
 * </pre>
 */
public final class BackupBenchmark {

  static final String USAGE =
      """
      usage: run-backup.sh [options]
        --sqlite-mb N            size of the SQLite database backed up (default 200; 0 skips)
        --postgres-mb N          size of the PostgreSQL database backed up (default 200; 0 skips)
        --rounds N               measured rounds per side, alternating (default 3)
        --service-jvm-arg ARG    extra JVM option for the service; repeatable
        --service-arg ARG        extra application argument for the service; repeatable
        --jar PATH               the control-plane exec jar
        --results-dir DIR        where the JSON result goes (default benchmarks/results)
        --keep-data              keep the run's temporary directory
      """;

  static final double TARGET_RATIO = 1.3;
  private static final int ROW_PAYLOAD_BYTES = 800;

  private final Options options;
  private final HarnessOptions harness;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final PrintStream out = System.out;
  private final Instant started = Instant.now();

  /**
   * The command line.
   *
   * @param sqliteMb size of the SQLite database
   * @param postgresMb size of the PostgreSQL database
   * @param rounds measured rounds
   * @param harness the options every harness takes
   */
  record Options(int sqliteMb, int postgresMb, int rounds, HarnessOptions harness) {

    static Options parse(String[] args) {
      HarnessOptions.Builder common = new HarnessOptions.Builder(0);
      CommandLine line = common.commandLine(args);
      int sqlite = 200;
      int postgres = 200;
      int rounds = 3;
      while (line.next()) {
        switch (line.name()) {
          case "--sqlite-mb" -> sqlite = line.atLeast(0);
          case "--postgres-mb" -> postgres = line.atLeast(0);
          case "--rounds" -> rounds = line.atLeast(1);
          default -> common.take(line);
        }
      }
      return new Options(sqlite, postgres, rounds, common.build());
    }
  }

  private BackupBenchmark(Options options) {
    this.options = options;
    this.harness = options.harness();
  }

  public static void main(String[] args) {
    CommandLine.main(args, Options::parse, USAGE, options -> new BackupBenchmark(options).run());
  }

  /** The tools run directly: the other side of each comparison. */
  interface Direct {
    /** Writes a snapshot of the environment's database to {@code target}. */
    void backup(Path target) throws Exception;

    /** Makes a new database from the snapshot; returns a handle to drop it afterwards. */
    AutoCloseable restore(Path snapshot, int round) throws Exception;

    /** The database's size in bytes, as the driver measures it. */
    long sizeBytes() throws Exception;
  }

  private int run() throws Exception {
    RunDirectory dir = RunDirectory.create(harness, "envprov-bench-", "backup", started);
    ObjectNode result = dir.newResult(json, started);
    out.printf(
        Locale.ROOT,
        "envprov backup benchmark %s: SQLite %d MB, PostgreSQL %d MB, %d rounds%n",
        dir.stamp(),
        options.sqliteMb(),
        options.postgresMb(),
        options.rounds());
    out.println(dir.machineLine());
    HarnessService service = HarnessService.start(harness, dir.work(), out);
    AutoCloseable postgres = null;
    try {
      service.awaitHealthy(result.putObject("service"), true);
      ControlPlaneClient client = service.client(json);
      String slug = "bench-backup-" + Long.toHexString(started.toEpochMilli());
      String org = client.createOrganization(slug, slug).path("id").asString();
      if (options.sqliteMb() > 0) {
        ServiceSide side = new ServiceSide(client, json, harness, org, "sqlite", null);
        String envId = side.provision("sqlite-main");
        Properties login = new Properties();
        String url = side.adminUrl(envId, login);
        fillSqlite(url, login, options.sqliteMb());
        compare(
            "sqlite",
            side,
            envId,
            new DirectSqlite(Path.of(url.substring("jdbc:sqlite:".length()))),
            dir.work(),
            result.putObject("sqlite"));
      }
      if (options.postgresMb() > 0) {
        BackupPostgres pg = BackupPostgres.start(dir.work().resolve("pg15"), out);
        postgres = pg;
        pg.register(client, json);
        ServiceSide side =
            new ServiceSide(client, json, harness, org, "postgres", BackupPostgres.REGION);
        String envId = side.provision("postgres-main");
        Properties login = new Properties();
        String url = side.adminUrl(envId, login);
        pg.fill(url, login, options.postgresMb());
        compare("postgres", side, envId, pg.direct(url), dir.work(), result.putObject("postgres"));
      }
      result.put("completed", true);
    } finally {
      result.put("finished_at", Instant.now().toString());
      result.put("stop", service.stop());
      if (postgres != null) {
        postgres.close();
      }
      dir.copy(service.process().logFile(), "control-plane.log");
      dir.finish(json, result, out);
    }
    out.println("result written to " + dir.resultFile());
    return 0;
  }

  private void compare(
      String driver, ServiceSide side, String envId, Direct direct, Path work, ObjectNode node)
      throws Exception {
    long size = direct.sizeBytes();
    double mb = size / 1e6;
    node.put("database_bytes", size);
    out.printf(Locale.ROOT, "[%s] database of %.1f MB%n", driver, mb);
    // Warm-up through the service (JIT), not measured.
    String warm = side.backup(envId);
    side.dropEnvironment(side.restoreAsNew(warm, "warm"));
    side.deleteBackup(warm);

    int rounds = options.rounds();
    double[] baseBackup = new double[rounds];
    double[] serviceBackup = new double[rounds];
    double[] baseRestore = new double[rounds];
    double[] serviceRestore = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      Path snapshot = work.resolve(driver + "-snapshot-" + round);
      long begin = System.nanoTime();
      direct.backup(snapshot);
      baseBackup[round] = seconds(begin);

      begin = System.nanoTime();
      String backupId = side.backup(envId);
      serviceBackup[round] = seconds(begin);

      begin = System.nanoTime();
      try (AutoCloseable restored = direct.restore(snapshot, round)) {
        baseRestore[round] = seconds(begin);
      }
      Files.deleteIfExists(snapshot);

      begin = System.nanoTime();
      String restoredEnv = side.restoreAsNew(backupId, "r" + round);
      serviceRestore[round] = seconds(begin);
      side.dropEnvironment(restoredEnv);
      side.deleteBackup(backupId);
      out.printf(
          Locale.ROOT,
          "[%s] round %d: backup baseline %.2f s, service %.2f s; restore baseline %.2f s,"
              + " service %.2f s%n",
          driver,
          round + 1,
          baseBackup[round],
          serviceBackup[round],
          baseRestore[round],
          serviceRestore[round]);
    }
    report(driver, "backup", mb, median(baseBackup), median(serviceBackup), node);
    report(driver, "restore", mb, median(baseRestore), median(serviceRestore), node);
  }

  private void report(
      String driver, String what, double mb, double baseline, double service, ObjectNode node) {
    double ratio = service / baseline;
    ObjectNode part = node.putObject(what);
    part.put("baseline_seconds", LatencyStats.round(baseline));
    part.put("service_seconds", LatencyStats.round(service));
    part.put("baseline_mb_per_s", LatencyStats.round(mb / baseline));
    part.put("service_mb_per_s", LatencyStats.round(mb / service));
    part.put("ratio", LatencyStats.round(ratio));
    part.put("target_ratio", TARGET_RATIO);
    out.printf(
        Locale.ROOT,
        "[%s] %s: baseline %.1f MB/s (%.2f s), service %.1f MB/s (%.2f s): %.2fx (target <= %.1fx:"
            + " %s)%n",
        driver,
        what,
        mb / baseline,
        baseline,
        mb / service,
        service,
        ratio,
        TARGET_RATIO,
        ratio <= TARGET_RATIO ? "met" : "missed");
  }

  /** Fills the SQLite database with rows of random hex text to {@code megabytes}. */
  private void fillSqlite(String url, Properties login, int megabytes) throws SQLException {
    long rows = (long) megabytes * 1_000_000 / (ROW_PAYLOAD_BYTES + 40);
    try (Connection connection = DriverManager.getConnection(url, login);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE bench_rows (id integer PRIMARY KEY, label text NOT NULL, payload text NOT"
              + " NULL, amount integer NOT NULL)");
      statement.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + rows
              + ") INSERT INTO bench_rows SELECT i, 'row ' || i, hex(randomblob("
              + ROW_PAYLOAD_BYTES / 2
              + ")), i * 7 FROM n");
      statement.execute("CREATE INDEX bench_rows_label ON bench_rows (label)");
    }
  }

  /** SQLite's online backup API through sqlite-jdbc, as the driver calls it, minus the service. */
  private static final class DirectSqlite implements Direct {
    private final Path file;

    DirectSqlite(Path file) {
      this.file = file;
    }

    @Override
    public void backup(Path target) throws Exception {
      try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement statement = connection.createStatement()) {
        statement.executeUpdate("backup to \"" + target.toAbsolutePath() + "\"");
      }
    }

    @Override
    public AutoCloseable restore(Path snapshot, int round) throws Exception {
      Path target = snapshot.resolveSibling(snapshot.getFileName() + ".restored");
      try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + target);
          Statement statement = connection.createStatement()) {
        statement.executeUpdate("restore from \"" + snapshot.toAbsolutePath() + "\"");
      }
      return () -> {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
          Files.deleteIfExists(target.resolveSibling(target.getFileName() + suffix));
        }
      };
    }

    @Override
    public long sizeBytes() throws Exception {
      return Files.size(file);
    }
  }

  private static double seconds(long begin) {
    return (System.nanoTime() - begin) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
