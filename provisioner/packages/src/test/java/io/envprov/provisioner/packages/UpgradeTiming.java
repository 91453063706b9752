package io.envprov.provisioner.packages;

import io.envprov.testsupport.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times an upgrade by a two-migration package (crm 1.0.0 to 1.2.1: migrations 3 and 4) done by the
 * runner against the baselines the issue names: on SQLite a plain Flyway loop over the same
 * migrations as files, on PostgreSQL a raw loop (connect as the admin credential, run the SQL,
 * record the row). Same databases prepared alike, same concurrency, alternated in rounds so the
 * machine's drift hits both. Not part of the normal build and asserts no timing: run it with {@code
 * mvn -o -pl provisioner/packages -am test -Dtest=UpgradeTiming
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtiming=true [-Dtiming.sqlite=1000 -Dtiming.postgres=200
 * -Dtiming.threads=2]} and read the numbers in {@code target/surefire-reports/*-output.txt}.
 */
@EnabledIfSystemProperty(named = "timing", matches = "true")
class UpgradeTiming {

  private static final PackageVersion TARGET =
      Crm.version("1.2.1", Crm.CREATE_CONTACTS, Crm.INDEX_NAMES, Crm.ADD_PHONE, Crm.CREATE_DEALS);
  private static final List<PackageVersion> CATALOG = Crm.catalogWith(TARGET);
  private static final int THREADS = Integer.getInteger("timing.threads", 2);

  @TempDir Path directory;

  private final PackageMigrator migrator = new PackageMigrator(getClass().getClassLoader());

  @Test
  void sqliteRunnerAgainstAPlainFlywayLoop() throws Exception {
    int count = Integer.getInteger("timing.sqlite", 1000);
    Path template = directory.resolve("template.db");
    JdbcDataSource templateSource = new JdbcDataSource("jdbc:sqlite:" + template, new Properties());
    Flyway.configure(getClass().getClassLoader())
        .dataSource(templateSource)
        .locations("classpath:db/data-plane")
        .load()
        .migrate();
    migrator.install(templateSource, Dialect.SQLITE, Crm.V1_0_0, Crm.CATALOG, "setup", false);
    Path files = directory.resolve("migrations");
    Files.createDirectories(files);
    for (Migration migration : TARGET.migrations()) {
      Files.writeString(
          files.resolve(MemoryMigrations.filename(migration)), migration.sqlFor(Dialect.SQLITE));
    }
    List<Path> forRunner = new ArrayList<>();
    List<Path> forFlyway = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      forRunner.add(Files.copy(template, directory.resolve("runner-" + i + ".db")));
      forFlyway.add(Files.copy(template, directory.resolve("flyway-" + i + ".db")));
    }
    // warm-up on throw-away copies
    for (int i = 0; i < 20; i++) {
      Path a = Files.copy(template, directory.resolve("warm-r-" + i + ".db"));
      Path b = Files.copy(template, directory.resolve("warm-f-" + i + ".db"));
      runnerSqlite(a);
      flywaySqlite(b, files);
    }
    double runner = 0;
    double flyway = 0;
    int rounds = 4;
    for (int round = 0; round < rounds; round++) {
      int from = round * count / rounds;
      int to = (round + 1) * count / rounds;
      runner += time(forRunner.subList(from, to), this::runnerSqlite);
      flyway += time(forFlyway.subList(from, to), file -> flywaySqlite(file, files));
    }
    report("sqlite", count, runner, flyway, "plain Flyway loop");
  }

  @Test
  void postgresRunnerAgainstARawLoop() throws Exception {
    int count = Integer.getInteger("timing.postgres", 200);
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
      List<JdbcDataSource> forRunner = new ArrayList<>();
      List<JdbcDataSource> forRaw = new ArrayList<>();
      for (int i = 0; i < count + 10; i++) {
        forRunner.add(prepare(server));
        forRaw.add(prepare(server));
      }
      for (int i = 0; i < 10; i++) {
        runnerPostgres(forRunner.remove(0));
        rawPostgres(forRaw.remove(0));
      }
      double runner = 0;
      double raw = 0;
      int rounds = 4;
      for (int round = 0; round < rounds; round++) {
        int from = round * count / rounds;
        int to = (round + 1) * count / rounds;
        runner += time(forRunner.subList(from, to), this::runnerPostgres);
        raw += time(forRaw.subList(from, to), this::rawPostgres);
      }
      report("postgres", count, runner, raw, "raw loop");
    }
  }

  private void runnerSqlite(Path file) {
    migrator.install(
        new JdbcDataSource("jdbc:sqlite:" + file, new Properties()),
        Dialect.SQLITE,
        TARGET,
        CATALOG,
        "timing",
        false);
  }

  private static void flywaySqlite(Path file, Path migrations) {
    Flyway.configure(UpgradeTiming.class.getClassLoader())
        .dataSource("jdbc:sqlite:" + file, null, null)
        .table("sys_migrations_crm")
        .locations("filesystem:" + migrations)
        .load()
        .migrate();
  }

  private void runnerPostgres(JdbcDataSource database) {
    migrator.install(database, Dialect.POSTGRES, TARGET, CATALOG, "timing", false);
  }

  /** Connect as the admin credential, run the SQL, record the row. */
  private void rawPostgres(JdbcDataSource database) {
    try (Connection connection = database.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(Crm.ADD_PHONE.sql());
        statement.execute(Crm.CREATE_DEALS.sql());
      }
      try (PreparedStatement record =
          connection.prepareStatement(
              "INSERT INTO sys_package_installation"
                  + " (id, package_id, version, status, installed_by, checksum)"
                  + " VALUES (CAST(? AS uuid), 'crm', ?, 'installed', 'timing', ?)"
                  + " ON CONFLICT (package_id) DO UPDATE SET version = EXCLUDED.version,"
                  + " status = EXCLUDED.status, installed_at = CURRENT_TIMESTAMP,"
                  + " installed_by = EXCLUDED.installed_by, checksum = EXCLUDED.checksum")) {
        record.setString(1, UUID.randomUUID().toString());
        record.setString(2, TARGET.version());
        record.setString(3, TARGET.checksum());
        record.executeUpdate();
      }
      connection.commit();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A database owned by its admin group, at the baseline with crm 1.0.0, and its admin login. */
  private JdbcDataSource prepare(EmbeddedPostgresServer server) throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String name = "env_" + suffix;
    String group = name + "_admin";
    String login = name + "_login";
    String password = EmbeddedPostgresServer.randomSecret();
    server.execute(
        "postgres",
        "CREATE ROLE " + group + " NOLOGIN",
        "CREATE ROLE " + login + " LOGIN PASSWORD '" + password + "' IN ROLE " + group,
        "ALTER ROLE " + login + " SET role = '" + group + "'",
        "CREATE DATABASE " + name + " OWNER " + group);
    JdbcDataSource admin = JdbcDataSource.of(server.url(name), login, password);
    Flyway.configure(getClass().getClassLoader())
        .dataSource(admin)
        .locations("classpath:db/data-plane")
        .schemas("public")
        .createSchemas(false)
        .load()
        .migrate();
    migrator.install(admin, Dialect.POSTGRES, Crm.V1_0_0, Crm.CATALOG, "setup", false);
    return admin;
  }

  /** Seconds to process every item with {@link #THREADS} threads. */
  private static <T> double time(List<T> items, Consumer<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> work.accept(item)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void report(
      String what, int count, double runner, double baseline, String baselineName) {
    System.out.printf(
        Locale.ROOT,
        "TIMING %s: %d environments, %d threads: runner %.2f s (%.2f ms each), %s %.2f s"
            + " (%.2f ms each), ratio %.2f%n",
        what,
        count,
        THREADS,
        runner,
        runner * 1000 / count,
        baselineName,
        baseline,
        baseline * 1000 / count,
        runner / baseline);
  }
}
