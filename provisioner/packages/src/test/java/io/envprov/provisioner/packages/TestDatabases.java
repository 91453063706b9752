package io.envprov.provisioner.packages;

import io.envprov.libsql.testserver.LibsqlTestServer;
import io.envprov.testsupport.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Environment databases for the tests, each provisioned the way the drivers provision them (the
 * data-plane baseline applied by Flyway from {@code classpath:db/data-plane}) and reached with an
 * admin credential: on PostgreSQL a login whose sessions act as the database's admin group (which
 * owns the database), on SQLite a file, on libSQL a namespace of the libSQL test server.
 */
final class TestDatabases {

  /** Where an environment lives. */
  enum Kind {
    POSTGRES(Dialect.POSTGRES),
    /** PostgreSQL with every migration run by Flyway (no {@link PreparedUpgrade}). */
    POSTGRES_FLYWAY(Dialect.POSTGRES),
    SQLITE(Dialect.SQLITE),
    /** SQLite with every migration run by Flyway (no {@link PreparedUpgrade}). */
    SQLITE_FLYWAY(Dialect.SQLITE),
    /** Always through Flyway: its JDBC driver runs one statement per call. */
    LIBSQL(Dialect.SQLITE);

    final Dialect dialect;

    Kind(Dialect dialect) {
      this.dialect = dialect;
    }

    /** The runner these tests use on such a database. */
    PackageMigrator migrator() {
      return new PackageMigrator(
          TestDatabases.class.getClassLoader(), this != POSTGRES_FLYWAY && this != SQLITE_FLYWAY);
    }
  }

  /**
   * One environment database.
   *
   * @param adminGroup on PostgreSQL, the group the admin login acts as
   */
  record Env(Kind kind, JdbcDataSource admin, @Nullable String adminGroup) {

    Dialect dialect() {
      return kind.dialect;
    }

    Connection connect() throws SQLException {
      return admin.getConnection();
    }

    void execute(String sql) throws SQLException {
      try (Connection connection = connect();
          Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }

    List<String> strings(String sql) throws SQLException {
      List<String> values = new ArrayList<>();
      try (Connection connection = connect();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
      return values;
    }

    boolean hasTable(String table) throws SQLException {
      return !strings(
              kind.dialect == Dialect.POSTGRES
                  ? "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = '"
                      + table
                      + "'"
                  : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")
          .isEmpty();
    }
  }

  private static @Nullable LibsqlTestServer libsql;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestDatabases() {}

  /** A new environment at the newest baseline. */
  static Env create(Kind kind, Path directory) throws Exception {
    return create(kind, directory, null);
  }

  /** A new environment at baseline {@code baseline} (null: the newest). */
  static Env create(Kind kind, Path directory, @Nullable String baseline) throws Exception {
    Env env = empty(kind, directory);
    FluentConfiguration flyway =
        Flyway.configure(TestDatabases.class.getClassLoader())
            .dataSource(env.admin())
            .locations("classpath:db/data-plane")
            .failOnMissingLocations(true);
    if (kind.dialect == Dialect.POSTGRES) {
      flyway.schemas("public").createSchemas(false);
    }
    if (baseline != null) {
      flyway.target(baseline);
    }
    flyway.load().migrate();
    return env;
  }

  /** A new database without the baseline: nothing in it. */
  static Env empty(Kind kind, Path directory) throws Exception {
    return switch (kind) {
      case POSTGRES, POSTGRES_FLYWAY -> postgres(kind);
      case SQLITE, SQLITE_FLYWAY ->
          new Env(
              kind,
              new JdbcDataSource(
                  "jdbc:sqlite:" + directory.resolve("env-" + UUID.randomUUID() + ".db"),
                  new Properties()),
              null);
      case LIBSQL -> new Env(kind, new JdbcDataSource(libsqlNamespace(), new Properties()), null);
    };
  }

  /** A database owned by a new group role, reached as a login that acts as that group. */
  private static Env postgres(Kind kind) throws SQLException {
    TestPostgres.Database database = TestPostgres.newDatabase();
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String group = "admin_" + suffix;
    String login = "login_" + suffix;
    String password = "pw_" + suffix;
    String name = database.jdbcUrl().substring(database.jdbcUrl().lastIndexOf('/') + 1);
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE ROLE " + group + " NOLOGIN");
      statement.execute(
          "CREATE ROLE " + login + " LOGIN PASSWORD '" + password + "' IN ROLE " + group);
      statement.execute("ALTER ROLE " + login + " SET role = '" + group + "'");
      statement.execute("ALTER DATABASE " + name + " OWNER TO " + group);
      statement.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
    }
    return new Env(kind, JdbcDataSource.of(database.jdbcUrl(), login, password), group);
  }

  private static synchronized String libsqlNamespace() throws IOException, InterruptedException {
    if (libsql == null) {
      Path directory = Files.createTempDirectory("packages-libsql");
      libsql = LibsqlTestServer.builder(directory).start();
      LibsqlTestServer started = libsql;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    String namespace = "env_" + UUID.randomUUID().toString().replace("-", "");
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(libsql.adminUrl() + "/v1/namespaces/" + namespace + "/create"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 200) {
      throw new IllegalStateException("namespace not created: " + created.body());
    }
    return "jdbc:libsql:" + libsql.sqlUrl() + "?namespace=" + namespace;
  }

  /** The catalog's versions of {@code system}: "1" = [V1], "2" = [V1, V2], from the class path. */
  static List<PackageVersion> systemVersions() {
    Migration v1 = new Migration("1", "baseline", resource("V1__baseline.sql"), Map.of());
    Migration v2 =
        new Migration("2", "package checksums", resource("V2__package_checksums.sql"), Map.of());
    return List.of(
        new PackageVersion(PackageVersion.SYSTEM, "1", List.of(v1)),
        new PackageVersion(PackageVersion.SYSTEM, "2", List.of(v1, v2)));
  }

  private static String resource(String file) {
    try (InputStream in =
        TestDatabases.class.getClassLoader().getResourceAsStream("db/data-plane/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no " + file + " on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
