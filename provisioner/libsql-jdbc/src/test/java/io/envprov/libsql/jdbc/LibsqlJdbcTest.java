package io.envprov.libsql.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.libsql.auth.Ed25519Keys;
import io.envprov.libsql.auth.Jwts;
import io.envprov.libsql.hrana.HranaException;
import io.envprov.libsql.testserver.LibsqlTestServer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Properties;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code jdbc:libsql:} driver used directly and through jOOQ, against the test server: one
 * namespace whose {@code jwt_key} is a key of the test's own, an admin ({@code a: rw}) and a reader
 * ({@code a: ro}) token signed with it.
 */
class LibsqlJdbcTest {

  private static final String ADMIN_KEY = "admin-key-for-jdbc-tests";

  private static Path directory;
  private static LibsqlTestServer server;
  private static String url;
  private static String writerToken;
  private static String readerToken;

  @BeforeAll
  static void createOneNamespace() throws Exception {
    directory = Files.createTempDirectory("libsql-jdbc-test");
    server = LibsqlTestServer.builder(directory.resolve("sqld")).adminAuthKey(ADMIN_KEY).start();
    String namespace = "env_" + UUID.randomUUID().toString().replace("-", "");
    KeyPair key = Ed25519Keys.generate();
    HttpResponse<String> created =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(server.adminUrl() + "/v1/namespaces/" + namespace + "/create"))
                    .header("Authorization", "Basic " + ADMIN_KEY)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"jwt_key\":" + quoted(Ed25519Keys.pem(key.getPublic())) + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(200);
    url = "jdbc:libsql:" + server.sqlUrl() + "?namespace=" + namespace;
    writerToken = Jwts.sign(key.getPrivate(), namespace, "rw", null);
    readerToken = Jwts.sign(key.getPrivate(), namespace, "ro", null);
  }

  @AfterAll
  static void stopServer() {
    server.close();
    deleteRecursively(directory);
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\n", "\\n") + "\"";
  }

  static Properties token(String token) {
    Properties properties = new Properties();
    properties.setProperty("password", token);
    return properties;
  }

  static Connection open() throws SQLException {
    return DriverManager.getConnection(url, token(writerToken));
  }

  @BeforeEach
  void freshTable() throws SQLException {
    try (Connection connection = open();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS item");
      statement.execute(
          "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, price REAL,"
              + " photo BLOB, note TEXT, created TIMESTAMP)");
    }
  }

  @Test
  void allFiveValueTypesRoundTripThroughAPreparedStatement() throws SQLException {
    byte[] photo = {0, 1, 2, (byte) 255};
    try (Connection connection = open()) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO item (id, name, price, photo, note, created) VALUES (?, ?, ?, ?, ?, ?)")) {
        insert.setLong(1, 9_007_199_254_740_993L);
        insert.setString(2, "größe \u2603");
        insert.setDouble(3, 12.5);
        insert.setBytes(4, photo);
        insert.setNull(5, Types.VARCHAR);
        insert.setTimestamp(6, Timestamp.valueOf(LocalDateTime.of(2026, 1, 2, 3, 4, 5)));
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery("SELECT id, name, price, photo, note, created FROM item")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong("id")).isEqualTo(9_007_199_254_740_993L);
        assertThat(rows.getString(2)).isEqualTo("größe \u2603");
        assertThat(rows.getDouble("price")).isEqualTo(12.5);
        assertThat(rows.getBigDecimal("price")).isEqualByComparingTo(new BigDecimal("12.5"));
        assertThat(rows.getBytes("photo")).containsExactly(photo);
        assertThat(rows.getString("note")).isNull();
        assertThat(rows.wasNull()).isTrue();
        assertThat(rows.getTimestamp("created"))
            .isEqualTo(Timestamp.valueOf(LocalDateTime.of(2026, 1, 2, 3, 4, 5)));
        assertThat(rows.getObject("created", LocalDateTime.class))
            .isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        ResultSetMetaData meta = rows.getMetaData();
        assertThat(meta.getColumnCount()).isEqualTo(6);
        assertThat(meta.getColumnName(3)).isEqualTo("price");
        assertThat(meta.getColumnTypeName(1)).isEqualTo("INTEGER");
        assertThat(meta.getColumnType(2)).isEqualTo(Types.VARCHAR);
        assertThat(meta.getColumnType(3)).isEqualTo(Types.DOUBLE);
        assertThat(meta.getColumnType(4)).isEqualTo(Types.BLOB);
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void namedParametersBindByNameOrByTheirPosition() throws SQLException {
    try (Connection connection = open()) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO item (name, price) VALUES (:name, :price)")) {
        LibsqlPreparedStatement named = insert.unwrap(LibsqlPreparedStatement.class);
        named.setNamed("name", "by-name");
        named.setNamed(":price", 1.5);
        insert.executeUpdate();
        insert.clearParameters();
        insert.setString(1, "by-position");
        insert.setDouble(2, 2.5);
        insert.executeUpdate();
      }
      try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT name FROM item WHERE price > @min ORDER BY price");
          ResultSet rows = bind(query, 1.0).executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("by-name");
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("by-position");
      }
    }
  }

  private static PreparedStatement bind(PreparedStatement statement, double value)
      throws SQLException {
    statement.setDouble(1, value);
    return statement;
  }

  @Test
  void aBatchInAutoCommitModeIsAllOrNothing() throws SQLException {
    try (Connection connection = open()) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO item (name) VALUES (?)")) {
        for (String name : new String[] {"a", "b", "c"}) {
          insert.setString(1, name);
          insert.addBatch();
        }
        assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
        insert.setString(1, "d");
        insert.addBatch();
        insert.setString(1, "a"); // violates UNIQUE
        insert.addBatch();
        assertThatThrownBy(insert::executeBatch)
            .isInstanceOf(BatchUpdateException.class)
            .satisfies(
                e -> {
                  BatchUpdateException batch = (BatchUpdateException) e;
                  assertThat(batch.getSQLState()).isEqualTo("23000");
                  assertThat(batch.getUpdateCounts()).containsExactly(1);
                });
      }
      assertThat(names(connection)).isEqualTo("a,b,c");
    }
  }

  @Test
  void aTransactionIsInvisibleToOthersUntilCommittedAndRollbackDiscardsIt() throws SQLException {
    try (Connection writer = open();
        Connection other = open()) {
      writer.setAutoCommit(false);
      insert(writer, "rolled-back");
      writer.rollback();
      insert(writer, "committed");
      assertThat(names(writer)).isEqualTo("committed");
      assertThat(names(other)).isEmpty();
      writer.commit();
      assertThat(names(other)).isEqualTo("committed");
      writer.setAutoCommit(true);
      insert(writer, "auto");
      assertThat(names(other)).isEqualTo("committed,auto");
    }
  }

  @Test
  void closingAConnectionWithAnOpenTransactionRollsItBack() throws SQLException {
    try (Connection writer = open()) {
      writer.setAutoCommit(false);
      insert(writer, "never-committed");
    }
    try (Connection reader = open()) {
      assertThat(names(reader)).isEmpty();
    }
  }

  @Test
  void hranaErrorsBecomeSqlExceptionsWithSqlStateAndHranaCode() throws SQLException {
    try (Connection connection = open();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute("SELEC 1"))
          .isInstanceOf(HranaException.class)
          .hasMessageContaining("SQL_PARSE_ERROR")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42000"));
      statement.executeUpdate("INSERT INTO item (id, name) VALUES (1, 'x')");
      assertThatThrownBy(
              () -> statement.executeUpdate("INSERT INTO item (id, name) VALUES (1, 'y')"))
          .isInstanceOf(HranaException.class)
          .satisfies(
              e -> {
                HranaException hrana = (HranaException) e;
                assertThat(hrana.hranaCode()).isEqualTo("SQLITE_CONSTRAINT");
                assertThat(hrana.getSQLState()).isEqualTo("23000");
                assertThat(hrana.getErrorCode()).isEqualTo(19);
              });
      assertThatThrownBy(() -> statement.execute("SELECT 1; SELECT 2"))
          .hasMessageContaining("SQL_MANY_STATEMENTS");
      assertThat(names(connection)).isEqualTo("x");
    }
  }

  @Test
  void aConnectionIsValidUntilItIsClosed() throws SQLException {
    Connection connection = open();
    assertThat(connection.isValid(5)).isTrue();
    connection.close();
    assertThat(connection.isValid(5)).isFalse();
    assertThatThrownBy(connection::createStatement).isInstanceOf(SQLException.class);
  }

  @Test
  void aWrongTokenIsRefusedAtConnect() {
    assertThatThrownBy(() -> DriverManager.getConnection(url, token("not-a-jwt")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("HTTP 401")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
  }

  @Test
  void aReadOnlyConnectionReadsButCannotWrite() throws SQLException {
    try (Connection writer = open()) {
      insert(writer, "visible");
    }
    try (Connection reader = DriverManager.getConnection(url, token(readerToken))) {
      assertThat(names(reader)).isEqualTo("visible");
      assertThatThrownBy(() -> insert(reader, "refused")).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void aTransactionIdleLongerThanTheStreamExpiryFailsWithStreamExpired() throws Exception {
    Path expiring = Files.createTempDirectory("libsql-expiry");
    try (LibsqlTestServer shortLived =
        LibsqlTestServer.builder(expiring).streamExpiry(Duration.ofMillis(200)).start()) {
      try (Connection connection =
          DriverManager.getConnection(
              "jdbc:libsql:" + shortLived.sqlUrl() + "?namespace=default", new Properties())) {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE TABLE t (x)");
          Thread.sleep(1500); // idle well past the expiry; the reaper closes the stream
          assertThatThrownBy(() -> statement.execute("INSERT INTO t VALUES (1)"))
              .isInstanceOf(HranaException.class)
              .hasMessageContaining("STREAM_EXPIRED");
        }
      }
      assertThat(shortLived.openStreams()).isZero();
    } finally {
      deleteRecursively(expiring);
    }
  }

  @Test
  void jooqReadsAndWritesAndRunsTransactionsThroughTheDriver() throws SQLException {
    try (Connection connection = open()) {
      DSLContext dsl = DSL.using(connection, SQLDialect.SQLITE);
      var item = DSL.table(DSL.name("item"));
      var name = DSL.field(DSL.name("name"), String.class);
      var price = DSL.field(DSL.name("price"), Double.class);

      dsl.insertInto(item, name, price).values("lamp", 20.0).values("desk", 150.0).execute();
      dsl.transaction(
          configuration ->
              DSL.using(configuration)
                  .update(item)
                  .set(price, 25.0)
                  .where(name.eq("lamp"))
                  .execute());
      try {
        dsl.transaction(
            configuration -> {
              DSL.using(configuration).deleteFrom(item).execute();
              throw new IllegalStateException("roll back the delete");
            });
      } catch (IllegalStateException expected) {
        // the transaction was rolled back
      }
      Result<Record2<String, Double>> rows =
          dsl.select(name, price).from(item).where(price.gt(10.0)).orderBy(price).fetch();

      assertThat(rows).hasSize(2);
      assertThat(rows.get(0).get(name)).isEqualTo("lamp");
      assertThat(rows.get(0).get(price)).isEqualTo(25.0);
      assertThat(dsl.fetchCount(item)).isEqualTo(2);
    }
  }

  private static void insert(Connection connection, String name) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO item (name) VALUES (?)")) {
      insert.setString(1, name);
      insert.executeUpdate();
    }
  }

  private static String names(Connection connection) throws SQLException {
    StringBuilder names = new StringBuilder();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM item ORDER BY id")) {
      while (rows.next()) {
        names.append(names.length() == 0 ? "" : ",").append(rows.getString(1));
      }
    }
    return names.toString();
  }

  static void deleteRecursively(Path directory) {
    try (var paths = Files.walk(directory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      // best effort
    }
  }
}
