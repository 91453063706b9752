package io.envprov.driver.libsql;

import static io.envprov.driver.spi.contract.DriverContractTest.NEWEST_BASELINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.libsql.hrana.HranaClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prepared baseline (one Hrana pipeline) builds the same database as Flyway: same schema, same
 * history rows, and Flyway sees it as applied and valid and migrates a newer baseline on top.
 */
class PreparedBaselineTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The files of the data-plane baseline, as the schemas module ships them. */
  private static final List<String> BASELINE_SCRIPTS =
      List.of("V1__baseline.sql", "V2__package_checksums.sql");

  private static SqldFixture fixture;
  private static SqldBackend backend;
  private static LibsqlSchemas schemas;

  @BeforeAll
  static void startServer() throws Exception {
    fixture = new SqldFixture();
    var http = HranaClient.newHttpClient(Duration.ofSeconds(10));
    backend =
        new SqldBackend(
            LibsqlServer.of(fixture.target),
            http,
            TIMEOUT,
            new SqldBackend.Locker() {
              @Override
              public <T> T locked(String name, Supplier<T> work) {
                return work.get();
              }
            });
    schemas = new LibsqlSchemas(PreparedBaselineTest.class.getClassLoader(), http, TIMEOUT);
  }

  @AfterAll
  static void stopServer() {
    fixture.close();
  }

  private static String provision() {
    String name = "env_" + UUID.randomUUID().toString().replace("-", "");
    ProvisionedDatabase database =
        fixture.driver.provision(
            new ProvisionRequest(name, fixture.target, Baseline.DATA_PLANE, Map.of()));
    assertThat(database.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    return name;
  }

  private static String provisionWithFlyway() {
    String name = "flyway_" + UUID.randomUUID().toString().replace("-", "");
    backend.create(name);
    schemas.migrate(backend.connections(name), Baseline.DATA_PLANE);
    return name;
  }

  @Test
  void provisioningSendsTheBaselineInOneRequest() {
    provision(); // the first provision on a server also creates the key registry
    long before = fixture.server.pipelineCount();
    provision();
    assertThat(fixture.server.pipelineCount() - before).isEqualTo(1);
  }

  @Test
  void buildsWhatFlywayBuilds() throws Exception {
    String pipelined = provision();
    String migrated = provisionWithFlyway();

    assertThat(schema(pipelined)).isEqualTo(schema(migrated)).isNotEmpty();
    assertThat(history(pipelined))
        .isEqualTo(history(migrated))
        .hasSize(Integer.parseInt(NEWEST_BASELINE));

    Flyway flyway = flyway(pipelined, Baseline.DATA_PLANE.location());
    flyway.validate(); // throws on a checksum, description or type mismatch
    MigrationInfoService info = flyway.info();
    assertThat(info.pending()).isEmpty();
    assertThat(info.current().getVersion().getVersion()).isEqualTo(NEWEST_BASELINE);
    assertThat(info.current().getState()).isEqualTo(MigrationState.SUCCESS);
    List<PreparedBaseline.Migration> prepared =
        PreparedBaseline.load(getClass().getClassLoader(), "classpath:db/data-plane")
            .orElseThrow()
            .migrations();
    assertThat(info.current().getChecksum())
        .isEqualTo(prepared.get(prepared.size() - 1).checksum());
  }

  @Test
  void aRetriedProvisionChangesNothing() throws Exception {
    String name = provision();
    List<List<Object>> history = history(name);
    long before = fixture.server.pipelineCount();

    assertThat(schemas.apply(backend.connections(name), Baseline.DATA_PLANE))
        .isEqualTo(NEWEST_BASELINE);

    assertThat(fixture.server.pipelineCount() - before).isEqualTo(1);
    assertThat(history(name)).isEqualTo(history);
  }

  @Test
  void flywayMigratesANewerBaselineOnTop() throws Exception {
    String name = provision();
    Path newer = Files.createTempDirectory(fixture.directory, "baseline-next");
    for (String script : BASELINE_SCRIPTS) {
      try (var in = getClass().getClassLoader().getResourceAsStream("db/data-plane/" + script)) {
        Files.write(newer.resolve(script), in.readAllBytes());
      }
    }
    Files.writeString(
        newer.resolve("V3__feature_flags.sql"),
        "CREATE TABLE sys_feature_flag (name text PRIMARY KEY, enabled boolean NOT NULL);\n");

    String version = schemas.apply(backend.connections(name), new Baseline("filesystem:" + newer));

    assertThat(version).isEqualTo("3");
    assertThat(history(name)).extracting(row -> row.get(1)).containsExactly("1", "2", "3");
    flyway(name, "filesystem:" + newer).validate();
  }

  @Test
  void readsTheBaselineFromAJarAsFromADirectory() throws Exception {
    Path jar = fixture.directory.resolve("schemas.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new java.util.jar.JarEntry("db/data-plane/"));
      for (String script : BASELINE_SCRIPTS) {
        try (var in = getClass().getClassLoader().getResourceAsStream("db/data-plane/" + script)) {
          out.putNextEntry(new java.util.jar.JarEntry("db/data-plane/" + script));
          out.write(in.readAllBytes());
        }
      }
    }
    try (var loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
      PreparedBaseline fromJar =
          PreparedBaseline.load(loader, "classpath:db/data-plane").orElseThrow();
      PreparedBaseline fromDirectory =
          PreparedBaseline.load(getClass().getClassLoader(), "classpath:db/data-plane")
              .orElseThrow();
      assertThat(fromJar.migrations()).isEqualTo(fromDirectory.migrations());
      assertThat(fromJar.statements()).isEqualTo(fromDirectory.statements());
    }
  }

  @Test
  void leavesToFlywayWhatItCannotReproduce() {
    assertThat(PreparedBaseline.load(getClass().getClassLoader(), "filesystem:/nowhere")).isEmpty();
    assertThat(PreparedBaseline.load(getClass().getClassLoader(), "classpath:db/nothing-here"))
        .isEmpty();
  }

  @Test
  void splitsStatementsOutsideQuotesAndComments() {
    assertThat(
            SqlSplitter.split(
                "-- leading\nCREATE TABLE a (x text DEFAULT 'a;b'); /* c; */ INSERT INTO a"
                    + " VALUES ('it''s');\n-- trailing\n"))
        .containsExactly("CREATE TABLE a (x text DEFAULT 'a;b')", "INSERT INTO a VALUES ('it''s')");
    assertThat(SqlSplitter.split("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;"))
        .contains((String) null);
  }

  private static Flyway flyway(String name, String location) {
    return Flyway.configure(PreparedBaselineTest.class.getClassLoader())
        .dataSource(backend.connections(name))
        .locations(location)
        .load();
  }

  private static List<List<Object>> schema(String name) throws SQLException {
    return rows(name, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
  }

  private static List<List<Object>> history(String name) throws SQLException {
    return rows(
        name,
        "SELECT installed_rank, version, description, type, script, checksum, success"
            + " FROM flyway_schema_history ORDER BY installed_rank");
  }

  private static List<List<Object>> rows(String name, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection connection = backend.connections(name).getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(result.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
