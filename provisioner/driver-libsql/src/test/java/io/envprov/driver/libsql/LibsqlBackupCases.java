package io.envprov.driver.libsql;

import static io.envprov.driver.spi.contract.DriverContractTest.NEWEST_BASELINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.libsql.hrana.HranaClient;
import io.envprov.libsql.jdbc.LibsqlUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Backups of libSQL databases beyond the shared contract: every value type and schema feature
 * survives, the snapshot is an ordinary SQLite file and one point in time, and in-place restores
 * are atomic. Run against sqld ({@link SqldBackupTest}) and Turso ({@link TursoBackupTest}).
 */
abstract class LibsqlBackupCases {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Set<DatabaseRef> touched = ConcurrentHashMap.newKeySet();

  @TempDir Path directory;

  abstract DatabaseDriver driver();

  abstract ServerTarget target();

  /** The sqld admin API behind the server (Turso's databases are namespaces of a test sqld). */
  abstract URI sqldAdminUrl();

  abstract String sqldAdminKey();

  /** The namespace a database lives in on that sqld. */
  abstract String namespace(String databaseName);

  @AfterEach
  void deprovision() {
    touched.forEach(driver()::deprovision);
    touched.clear();
  }

  // --- fidelity ---

  @Test
  void everyValueTypeAndSchemaFeatureSurvivesABackupRestoredAsANewDatabase() throws Exception {
    DatabaseRef source = provision();
    fillWithEverything(source);
    Path snapshot = directory.resolve("snapshot.db");

    driver().backup(source, CopyMode.EVERYTHING, snapshot);
    DatabaseRef restored = ref(newName());
    touched.add(restored);
    ProvisionedDatabase provisioned =
        driver()
            .restore(
                snapshot,
                new ProvisionRequest(
                    restored.databaseName(), target(), Baseline.DATA_PLANE, Map.of()));

    assertThat(provisioned.baselineVersion()).isEqualTo(NEWEST_BASELINE);
    assertThat(provisioned.databaseUrl())
        .isEqualTo(
            driver().connectionSpec(restored, issue(restored, CredentialScope.READONLY)).jdbcUrl());
    try (Connection from = open(source);
        Connection to = open(restored)) {
      assertThat(dump(to)).isEqualTo(dump(from));
      assertThat(catalog(to)).isEqualTo(catalog(from));
    }
    try (Connection to = open(restored);
        Statement statement = to.createStatement()) {
      // the counters, the trigger and the full-text index work on
      statement.executeUpdate("INSERT INTO counted(x) VALUES ('after the restore')");
      assertThat(single(to, "SELECT max(id) FROM counted")).isEqualTo(4L);
      statement.executeUpdate("INSERT INTO parent(id, name) VALUES (99, 'new parent')");
      assertThat(single(to, "SELECT count(*) FROM audit")).isEqualTo(4L);
      statement.executeUpdate("INSERT INTO docs(body) VALUES ('written after the snapshot')");
      assertThat(single(to, "SELECT count(*) FROM docs WHERE docs MATCH 'snapshot'")).isEqualTo(2L);
    }
  }

  @Test
  void theSnapshotIsAnOrdinarySqliteFileWithTheSameRows() throws Exception {
    DatabaseRef source = provision();
    fillWithEverything(source);
    Path snapshot = directory.resolve("snapshot.db");

    driver().backup(source, CopyMode.EVERYTHING, snapshot);

    try (Connection file = openFile(snapshot);
        Connection from = open(source)) {
      assertThat(single(file, "PRAGMA integrity_check")).isEqualTo("ok");
      assertThat(single(file, "PRAGMA journal_mode")).isEqualTo("delete");
      assertThat(dump(file)).isEqualTo(dump(from));
      assertThat(catalog(file)).isEqualTo(catalog(from));
      assertThat(rows(file, "SELECT * FROM flyway_schema_history ORDER BY installed_rank"))
          .isEqualTo(rows(from, "SELECT * FROM flyway_schema_history ORDER BY installed_rank"));
    }
  }

  @Test
  void aSchemaOnlySnapshotHoldsTheSchemaAndTheBaselineHistoryButNoRows() throws Exception {
    DatabaseRef source = provision();
    fillWithEverything(source);
    Path snapshot = directory.resolve("schema.db");

    driver().backup(source, CopyMode.SCHEMA_ONLY, snapshot);

    try (Connection file = openFile(snapshot);
        Connection from = open(source)) {
      assertThat(catalog(file)).isEqualTo(catalog(from));
      assertThat(rows(file, "SELECT * FROM flyway_schema_history ORDER BY installed_rank"))
          .isEqualTo(rows(from, "SELECT * FROM flyway_schema_history ORDER BY installed_rank"))
          .isNotEmpty();
      for (String table :
          List.of(
              "\"we\"\"ird table\"",
              "parent",
              "child",
              "keyed",
              "pairs_without_rowid",
              "gen",
              "counted",
              "audit",
              "many",
              "docs",
              "sys_package_installation")) {
        assertThat(single(file, "SELECT count(*) FROM " + table)).as(table).isEqualTo(0L);
      }
      assertThat(single(file, "SELECT count(*) FROM sqlite_sequence")).isEqualTo(0L);
      assertThat(single(file, "PRAGMA user_version")).isEqualTo(7L);
    }
  }

  // --- one point in time ---

  @Test
  void aSnapshotIsOnePointInTimeWhilePairsAreCommittedAndDeletedBetweenItsPages() throws Exception {
    DatabaseRef database = provision();
    try (Connection connection = open(database);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE pair_left(id INTEGER PRIMARY KEY, filler TEXT)");
      statement.execute("CREATE TABLE pair_right(id INTEGER PRIMARY KEY, filler TEXT)");
      for (int id = 1; id <= 30; id++) {
        statement.executeUpdate("INSERT INTO pair_left VALUES (" + id + ", 'left')");
        statement.executeUpdate("INSERT INTO pair_right VALUES (" + id + ", 'right')");
      }
    }
    AtomicInteger pagesRead = new AtomicInteger();
    List<Integer> committedDuringTheBackup = new CopyOnWriteArrayList<>();
    try (Connection writer = open(database)) {
      writer.setAutoCommit(false);
      SnapshotWriter.PageObserver between =
          (table, rows) -> {
            // after every page: a new pair in, an old pair out, in one committed transaction
            int id = 1000 + pagesRead.incrementAndGet();
            try (Statement statement = writer.createStatement()) {
              statement.executeUpdate("INSERT INTO pair_left VALUES (" + id + ", 'new')");
              statement.executeUpdate("INSERT INTO pair_right VALUES (" + id + ", 'new')");
              statement.executeUpdate("DELETE FROM pair_left WHERE id = " + (31 - pagesRead.get()));
              statement.executeUpdate(
                  "DELETE FROM pair_right WHERE id = " + (31 - pagesRead.get()));
            }
            writer.commit();
            committedDuringTheBackup.add(id);
          };
      Path snapshot = directory.resolve("snapshot.db");

      new SnapshotWriter(between, 5).write(hrana(database), CopyMode.EVERYTHING, snapshot);

      assertThat(pagesRead.get()).isGreaterThanOrEqualTo(4); // 30 rows, pages of 5 at first
      List<Long> original = new ArrayList<>();
      for (long id = 1; id <= 30; id++) {
        original.add(id);
      }
      try (Connection file = openFile(snapshot)) {
        assertThat(longs(file, "SELECT id FROM pair_left ORDER BY id")).isEqualTo(original);
        assertThat(longs(file, "SELECT id FROM pair_right ORDER BY id")).isEqualTo(original);
      }
      try (Connection live = open(database)) {
        List<Long> now = longs(live, "SELECT id FROM pair_left ORDER BY id");
        assertThat(now).contains((long) committedDuringTheBackup.get(0)).doesNotContain(30L);
        assertThat(longs(live, "SELECT id FROM pair_right ORDER BY id")).isEqualTo(now);
      }
    }
  }

  // --- in place ---

  @Test
  void restoringInPlaceKeepsEveryCredentialAndReadersSeeOnlyTheOldOrTheNewContents()
      throws Exception {
    DatabaseRef database = provision();
    try (Connection connection = open(database);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE pair_left(id INTEGER PRIMARY KEY)");
      statement.execute("CREATE TABLE pair_right(id INTEGER PRIMARY KEY)");
      statement.executeUpdate("INSERT INTO pair_left VALUES (1), (2), (3)");
      statement.executeUpdate("INSERT INTO pair_right VALUES (1), (2), (3)");
    }
    Path snapshot = directory.resolve("snapshot.db");
    driver().backup(database, CopyMode.EVERYTHING, snapshot);
    IssuedCredential reader = issue(database, CredentialScope.READONLY);
    IssuedCredential writer = issue(database, CredentialScope.READWRITE);
    try (Connection connection = connect(database, writer);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM pair_left WHERE id = 1");
      statement.executeUpdate("DELETE FROM pair_right WHERE id = 1");
      statement.executeUpdate("INSERT INTO pair_left VALUES (10), (11)");
      statement.executeUpdate("INSERT INTO pair_right VALUES (10), (11)");
    }
    List<Long> before = List.of(2L, 3L, 10L, 11L);
    List<Long> after = List.of(1L, 2L, 3L);
    AtomicBoolean restored = new AtomicBoolean();
    List<String> seen = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> reads =
          pool.submit(
              () -> {
                int count = 0;
                try (Connection connection = connect(database, reader)) {
                  boolean last = false;
                  while (!last) {
                    last = restored.get();
                    List<Long> left = longs(connection, "SELECT id FROM pair_left ORDER BY id");
                    List<Long> right = longs(connection, "SELECT id FROM pair_right ORDER BY id");
                    seen.add(left + " | " + right);
                    count++;
                  }
                }
                return count;
              });

      driver().restoreInPlace(database, snapshot);
      restored.set(true);

      assertThat(reads.get(2, TimeUnit.MINUTES)).isPositive();
    } finally {
      pool.shutdownNow();
    }
    // Each of the reader's statements sees the old or the new contents: never a table that is
    // missing, emptied or half filled (the two tables are read in two statements, so a reader
    // may see the old left and the new right, but each table whole)
    assertThat(seen).isNotEmpty();
    for (String observed : seen) {
      String[] tables = observed.split(" \\| ", 2);
      assertThat(tables[0]).isIn(before.toString(), after.toString());
      assertThat(tables[1]).isIn(before.toString(), after.toString());
    }
    assertThat(seen.get(seen.size() - 1)).isEqualTo(after + " | " + after);
    try (Connection connection = connect(database, reader)) {
      assertThat(longs(connection, "SELECT id FROM pair_left ORDER BY id")).isEqualTo(after);
      assertThatThrownBy(
              () -> connection.createStatement().executeUpdate("INSERT INTO pair_left VALUES (7)"))
          .isInstanceOf(SQLException.class);
    }
    try (Connection connection = connect(database, writer);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO pair_left VALUES (7)");
      assertThat(longs(connection, "SELECT id FROM pair_left ORDER BY id"))
          .containsExactly(1L, 2L, 3L, 7L);
    }
    assertThat(driver().baselineVersion(database)).contains(NEWEST_BASELINE);
  }

  @Test
  void anInPlaceRestoreRefusedHalfWayByTheServerRollsBackToTheOldContents() throws Exception {
    DatabaseRef database = provision();
    fillWithEverything(database);
    Path snapshot = directory.resolve("snapshot.db");
    DatabaseRef other = provision();
    try (Connection connection = open(other);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE other_contents(id INTEGER PRIMARY KEY)");
    }
    driver().backup(other, CopyMode.EVERYTHING, snapshot);
    List<List<Object>> old;
    try (Connection connection = open(database)) {
      old = dump(connection);
    }
    AtomicInteger requests = new AtomicInteger();
    // One statement per request; once a few of the drops ran inside the transaction, the server
    // starts refusing writes (as sqld does for a database over its quota).
    SnapshotReplay refused =
        new SnapshotReplay(
            statements -> {
              if (requests.incrementAndGet() == 4) {
                try {
                  blockWrites(database, true);
                } catch (Exception e) {
                  throw new SQLException(e);
                }
              }
            },
            1);

    try (SnapshotFile file = SnapshotFile.open(snapshot)) {
      assertThatThrownBy(() -> refused.inPlace(file, hrana(database)))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("BLOCKED");
    } finally {
      blockWrites(database, false);
    }

    assertThat(requests.get()).isEqualTo(4);
    try (Connection connection = open(database)) {
      assertThat(dump(connection)).isEqualTo(old);
      assertThat(
              longs(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'other_contents'"))
          .containsExactly(0L);
    }
    driver().restoreInPlace(database, snapshot); // the database is unharmed and usable
    try (Connection connection = open(database)) {
      assertThat(longs(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'parent'"))
          .containsExactly(0L);
      assertThat(single(connection, "SELECT count(*) FROM other_contents")).isEqualTo(0L);
    }
  }

  @Test
  void aRestoredDatabaseOpensWithItsOwnCredentialsAndNotWithTheSources() throws Exception {
    DatabaseRef source = provision();
    IssuedCredential sourceCredential = issue(source, CredentialScope.READWRITE);
    Path snapshot = directory.resolve("snapshot.db");
    driver().backup(source, CopyMode.EVERYTHING, snapshot);
    DatabaseRef restored = ref(newName());
    touched.add(restored);

    driver()
        .restore(
            snapshot,
            new ProvisionRequest(restored.databaseName(), target(), Baseline.DATA_PLANE, Map.of()));

    ConnectionSpec borrowed = driver().connectionSpec(restored, sourceCredential);
    assertThatThrownBy(
            () -> DriverManager.getConnection(borrowed.jdbcUrl(), borrowed.toProperties()).close())
        .isInstanceOf(SQLException.class);
    try (Connection connection = connect(restored, issue(restored, CredentialScope.READWRITE))) {
      assertThat(single(connection, "SELECT count(*) FROM sys_package_installation")).isEqualTo(0L);
    }
  }

  @Test
  void aFileThatIsNoSnapshotIsRefusedBeforeAnythingIsCreated() throws Exception {
    Path empty = directory.resolve("empty.db");
    try (Connection connection = openFile(empty);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t(x)"); // a database, but no provisioned one's snapshot
    }
    DatabaseRef target = ref(newName());
    touched.add(target);

    assertThatThrownBy(
            () ->
                driver()
                    .restore(
                        empty,
                        new ProvisionRequest(
                            target.databaseName(), target(), Baseline.DATA_PLANE, Map.of())))
        .isInstanceOf(io.envprov.driver.spi.DriverException.class)
        .hasMessageContaining("baseline");
    assertThat(driver().exists(target)).isFalse();
  }

  // --- what the databases hold ---

  /**
   * A table of every value type in a column without affinity (so each keeps its type), a name and
   * columns that need quoting, a child created before its parent, a table keyed by text (its rowids
   * have gaps), a WITHOUT ROWID table of several pages, generated columns, AUTOINCREMENT, indexes,
   * a view, a trigger, a full-text index, {@code user_version}, and rows in the baseline's table.
   */
  private void fillWithEverything(DatabaseRef database) throws SQLException {
    try (Connection connection = open(database);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE \"we\"\"ird table\" (id INTEGER PRIMARY KEY, \"select\", \"a column\")");
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO \"we\"\"ird table\" (id, \"select\", \"a column\") VALUES (?, ?, ?)")) {
        List<@Nullable Object> values = valuesOfEveryType();
        for (int i = 0; i < values.size(); i++) {
          insert.setInt(1, i + 1);
          insert.setObject(2, values.get(i));
          insert.setString(3, "row " + (i + 1));
          insert.executeUpdate();
        }
      }
      statement.execute(
          "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))");
      statement.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      statement.execute("CREATE TABLE audit (parent_id INTEGER)");
      statement.execute(
          "CREATE TRIGGER parent_audit AFTER INSERT ON parent"
              + " BEGIN INSERT INTO audit VALUES (new.id); END");
      statement.executeUpdate("INSERT INTO parent VALUES (1, 'one'), (2, 'two'), (3, 'three')");
      statement.executeUpdate("INSERT INTO child VALUES (10, 1), (11, 1), (12, 3)");
      statement.execute("CREATE INDEX child_parent ON child (parent_id)");
      statement.execute("CREATE UNIQUE INDEX parent_name ON parent (name)");
      statement.execute("CREATE VIEW parent_names AS SELECT name FROM parent ORDER BY id");
      statement.execute("CREATE TABLE keyed (code TEXT PRIMARY KEY, n INTEGER)");
      statement.executeUpdate("INSERT INTO keyed VALUES ('a', 1), ('b', 2), ('c', 3), ('d', 4)");
      statement.executeUpdate("DELETE FROM keyed WHERE code IN ('a', 'c')");
      statement.execute(
          "CREATE TABLE pairs_without_rowid (a TEXT, b INTEGER, c, PRIMARY KEY (b, a))"
              + " WITHOUT ROWID");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO pairs_without_rowid VALUES (?, ?, ?)")) {
        for (int i = 0; i < 450; i++) {
          insert.setString(1, "k" + (i % 7));
          insert.setInt(2, i / 7);
          insert.setObject(3, i % 3 == 0 ? null : (Object) ("v" + i));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      statement.execute(
          "CREATE TABLE gen (a INTEGER, twice INTEGER GENERATED ALWAYS AS (a * 2) STORED,"
              + " plus INTEGER AS (a + 1) VIRTUAL)");
      statement.executeUpdate("INSERT INTO gen(a) VALUES (1), (20), (NULL)");
      statement.execute("CREATE TABLE counted (id INTEGER PRIMARY KEY AUTOINCREMENT, x)");
      statement.executeUpdate("INSERT INTO counted(x) VALUES ('one'), ('two'), ('three')");
      statement.executeUpdate("DELETE FROM counted WHERE id = 3");
      statement.execute("CREATE TABLE many (id INTEGER PRIMARY KEY, t TEXT)");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO many VALUES (?, ?)")) {
        for (int i = 1; i <= 1500; i++) {
          insert.setInt(1, i * 3);
          insert.setString(2, "row number " + i);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      statement.execute("CREATE VIRTUAL TABLE docs USING fts5(body)");
      statement.executeUpdate(
          "INSERT INTO docs(body) VALUES ('a snapshot is one point in time'),"
              + " ('restores replace the contents')");
      statement.executeUpdate(
          "INSERT INTO sys_package_installation (id, package_id, version, status)"
              + " VALUES ('"
              + UUID.randomUUID()
              + "', 'in-the-backup', '1.0.0', 'INSTALLED')");
      statement.execute("PRAGMA user_version = 7");
    }
  }

  /** NULL, integers to 64 bits, reals (-0.0 too), texts and blobs, empty and large. */
  private static List<@Nullable Object> valuesOfEveryType() {
    byte[] allBytes = new byte[256];
    for (int i = 0; i < allBytes.length; i++) {
      allBytes[i] = (byte) i;
    }
    byte[] large = new byte[200_000];
    new Random(42).nextBytes(large);
    List<@Nullable Object> values = new ArrayList<>();
    values.add(null);
    values.add(0L);
    values.add(-1L);
    values.add(Long.MAX_VALUE);
    values.add(Long.MIN_VALUE);
    values.add(0.1);
    values.add(-0.0);
    values.add(1.0E-300);
    values.add(3.0);
    values.add(-1.7976931348623157E308);
    values.add("");
    values.add("it's \"quoted\"\nover two lines, with \u00e9 and \uD83D\uDE00");
    values.add("42");
    values.add(new byte[0]);
    values.add(allBytes);
    values.add(large);
    return values;
  }

  /** Every row of every table and the header fields, each value with its SQLite type. */
  private static List<List<Object>> dump(Connection connection) throws SQLException {
    List<List<Object>> dump = new ArrayList<>();
    for (String query :
        List.of(
            "SELECT id, typeof(\"select\"), \"select\", \"a column\" FROM \"we\"\"ird table\""
                + " ORDER BY id",
            "SELECT * FROM parent ORDER BY id",
            "SELECT * FROM child ORDER BY id",
            "SELECT * FROM audit ORDER BY parent_id",
            "SELECT rowid, code, n FROM keyed ORDER BY rowid",
            "SELECT a, b, c, typeof(c) FROM pairs_without_rowid ORDER BY b, a",
            "SELECT a, twice, plus FROM gen ORDER BY rowid",
            "SELECT * FROM counted ORDER BY id",
            "SELECT name, seq FROM sqlite_sequence ORDER BY name",
            "SELECT * FROM many ORDER BY id",
            "SELECT rowid, body FROM docs WHERE docs MATCH 'snapshot OR contents' ORDER BY rowid",
            "SELECT * FROM parent_names",
            "SELECT package_id, version, status FROM sys_package_installation",
            "SELECT user_version FROM pragma_user_version")) {
      dump.add(List.of(query));
      dump.addAll(rows(connection, query));
    }
    return dump;
  }

  /** The schema's objects: type, name and table. */
  private static List<List<Object>> catalog(Connection connection) throws SQLException {
    return rows(connection, "SELECT type, name, tbl_name FROM sqlite_master ORDER BY name, type");
  }

  private static List<List<Object>> rows(Connection connection, String query) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      int width = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= width; i++) {
          row.add(comparable(result.getObject(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** A value as something equals() compares by content, its Java type kept apart. */
  private static Object comparable(@Nullable Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Integer number) {
      return number.longValue();
    }
    if (value instanceof byte[] bytes) {
      return "blob:" + HexFormat.of().formatHex(bytes);
    }
    return value;
  }

  private static @Nullable Object single(Connection connection, String query) throws SQLException {
    return rows(connection, query).get(0).get(0);
  }

  private static List<Long> longs(Connection connection, String query) throws SQLException {
    List<Long> values = new ArrayList<>();
    for (List<Object> row : rows(connection, query)) {
      values.add((Long) row.get(0));
    }
    return values;
  }

  // --- plumbing ---

  private DatabaseRef provision() {
    DatabaseRef database = ref(newName());
    touched.add(database);
    driver()
        .provision(
            new ProvisionRequest(database.databaseName(), target(), Baseline.DATA_PLANE, Map.of()));
    return database;
  }

  private static String newName() {
    return "env_" + UUID.randomUUID().toString().replace("-", "");
  }

  private DatabaseRef ref(String name) {
    return new DatabaseRef(name, target());
  }

  private IssuedCredential issue(DatabaseRef database, CredentialScope scope) {
    return driver()
        .issueCredential(
            database,
            new CredentialRequest(
                "cred_" + UUID.randomUUID().toString().substring(0, 8), scope, null));
  }

  private Connection open(DatabaseRef database) throws SQLException {
    return connect(database, issue(database, CredentialScope.ADMIN));
  }

  private Connection connect(DatabaseRef database, IssuedCredential credential)
      throws SQLException {
    ConnectionSpec spec = driver().connectionSpec(database, credential);
    return DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties());
  }

  /** A Hrana client with an admin credential of the database, as the driver's own. */
  private HranaClient hrana(DatabaseRef database) throws SQLException {
    ConnectionSpec spec = driver().connectionSpec(database, issue(database, CredentialScope.ADMIN));
    LibsqlUrl url = LibsqlUrl.parse(spec.jdbcUrl(), spec.toProperties());
    return new HranaClient(
        url.httpBase(), url.namespace(), url.token(), HTTP, Duration.ofSeconds(30));
  }

  private static Connection openFile(Path file) throws SQLException {
    return new SQLiteConfig().createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /** Sets {@code block_writes} of the database's namespace through sqld's admin API. */
  private void blockWrites(DatabaseRef database, boolean blocked) throws Exception {
    URI config =
        URI.create(
            sqldAdminUrl() + "/v1/namespaces/" + namespace(database.databaseName()) + "/config");
    HttpResponse<String> current =
        HTTP.send(
            HttpRequest.newBuilder(config)
                .header("Authorization", "Basic " + sqldAdminKey())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var json =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(current.body());
    json.put("block_writes", blocked);
    HttpResponse<String> written =
        HTTP.send(
            HttpRequest.newBuilder(config)
                .header("Authorization", "Basic " + sqldAdminKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
  }
}
