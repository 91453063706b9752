package io.envprov.driver.libsql;

import io.envprov.driver.libsql.SnapshotSchema.Kind;
import io.envprov.driver.libsql.SnapshotSchema.SchemaObject;
import io.envprov.driver.libsql.SnapshotSchema.Table;
import io.envprov.libsql.hrana.HranaClient;
import io.envprov.libsql.hrana.HranaResult;
import io.envprov.libsql.hrana.HranaStatement;
import io.envprov.libsql.hrana.HranaStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Replays a snapshot file into a libSQL database over Hrana: the snapshot's tables, then their rows
 * in multi-row INSERTs, then indexes, the schema history, AUTOINCREMENT counters, views, triggers
 * (after the rows, so they do not fire) and {@code user_version}. Statements travel in pipelines of
 * about {@link #REQUEST_BYTES}. Foreign keys are off on the replaying stream (a per-connection
 * setting), so tables fill in any order.
 *
 * <p>Into a new database ({@link #intoNew}) each request is a transaction of its own, which keeps
 * every transaction short (sqld rolls back a write transaction older than its timeout, 5 s by
 * default), and the schema history comes in the last one: a database with a history is a complete
 * restore. In place ({@link #inPlace}) everything, the removal of the old contents included, is one
 * transaction: readers see the old contents or the new, never a mix, and a failure rolls back to
 * the old.
 */
final class SnapshotReplay {

  /** About how many bytes of statements one request carries. */
  static final long REQUEST_BYTES = 1 << 20;

  /** Bounds of one multi-row INSERT. */
  static final int MAX_INSERT_ROWS = 500;

  static final int MAX_VARIABLES = 32_000; // SQLite's limit is 32766

  static final long INSERT_BYTES = 256 * 1024;

  private static final HranaStatement FOREIGN_KEYS_OFF =
      HranaStatement.of("PRAGMA foreign_keys = OFF");
  private static final HranaStatement BEGIN_IMMEDIATE = HranaStatement.of("BEGIN IMMEDIATE");
  private static final HranaStatement COMMIT = HranaStatement.of("COMMIT");
  private static final HranaStatement ROLLBACK = HranaStatement.of("ROLLBACK");

  /** Told before each request of the replay is sent; for tests that change the server meanwhile. */
  interface RequestObserver {
    RequestObserver NONE = statements -> {};

    void beforeRequest(List<HranaStatement> statements) throws SQLException;
  }

  private final RequestObserver observer;
  private final long requestBytes;

  SnapshotReplay() {
    this(RequestObserver.NONE, REQUEST_BYTES);
  }

  SnapshotReplay(RequestObserver observer, long requestBytes) {
    this.observer = observer;
    this.requestBytes = requestBytes;
  }

  /**
   * Fills a new, empty database from the snapshot, one transaction per request, the schema history
   * in the last.
   */
  void intoNew(SnapshotFile snapshot, HranaClient client) throws SQLException {
    HranaStream stream = client.openStream();
    try {
      stream.execute(FOREIGN_KEYS_OFF);
      Sender sender = new Sender(statements -> stream.batch(statements, true));
      replay(snapshot, sender, true);
      sender.flush();
      stream.close();
    } finally {
      if (stream.isOpen()) {
        closeQuietly(stream);
      }
    }
  }

  /**
   * Replaces everything in the database with the snapshot in one transaction: drops every user
   * object (read inside the transaction), then replays the snapshot, then commits. On any failure
   * the transaction is rolled back, or dropped with its stream by the server.
   */
  void inPlace(SnapshotFile snapshot, HranaClient client) throws SQLException {
    HranaStream stream = client.openStream();
    boolean committed = false;
    try {
      List<HranaResult> head =
          stream.batch(
              List.of(
                  FOREIGN_KEYS_OFF,
                  BEGIN_IMMEDIATE,
                  HranaStatement.of(SnapshotSchema.OBJECTS_SQL),
                  HranaStatement.of(SnapshotSchema.TABLES_SQL)),
              false);
      SnapshotSchema current =
          SnapshotSchema.of(head.get(2).rows(), head.get(3).rows(), List.of(), 0);
      Sender sender = new Sender(statements -> stream.batch(statements, false));
      for (String type : List.of("trigger", "view")) {
        for (SchemaObject object : current.objectsOfType(type)) {
          sender.add(
              "DROP "
                  + type.toUpperCase(java.util.Locale.ROOT)
                  + " IF EXISTS "
                  + SnapshotSchema.quote(object.name()));
        }
      }
      for (SchemaObject table : current.tablesToCreate()) {
        // a virtual table drops its shadow tables; indexes and triggers go with their table
        sender.add("DROP TABLE IF EXISTS " + SnapshotSchema.quote(table.name()));
      }
      replay(snapshot, sender, false);
      sender.add(COMMIT, 16);
      sender.flush();
      committed = true;
    } finally {
      if (!committed) {
        try {
          if (stream.isOpen()) {
            stream.executeAndClose(ROLLBACK);
          }
        } catch (SQLException e) {
          stream.abandon(); // the server rolls back when it drops the stream
        }
      } else {
        closeQuietly(stream); // committed: a failure to say goodbye changes nothing
      }
    }
  }

  /** Adds the snapshot's statements to the sender; the caller sends the last of them. */
  private void replay(SnapshotFile snapshot, Sender sender, boolean historyLast)
      throws SQLException {
    SnapshotSchema schema = snapshot.schema();
    List<SchemaObject> tables = schema.tablesToCreate();
    List<SchemaObject> indexes = schema.objectsOfType("index");
    for (SchemaObject table : tables) {
      if (!SnapshotSchema.isHistory(table.name())) {
        sender.add(table.sql());
      }
    }
    for (Table table : schema.dataTables()) {
      if (!SnapshotSchema.isHistory(table.name())) {
        rows(snapshot, table, sender);
      }
    }
    for (SchemaObject index : indexes) {
      if (!SnapshotSchema.isHistory(index.table())) {
        sender.add(index.sql());
      }
    }
    if (historyLast) {
      sender.flush(); // all that came before is committed; the rest is one last transaction
      sender.hold();
    }
    for (SchemaObject table : tables) {
      if (SnapshotSchema.isHistory(table.name())) {
        sender.add(table.sql());
      }
    }
    for (SchemaObject index : indexes) {
      if (SnapshotSchema.isHistory(index.table())) {
        sender.add(index.sql());
      }
    }
    if (schema.historyTable().isPresent()) {
      rows(snapshot, schema.historyTable().get(), sender);
    }
    if (schema.hasSequence()) {
      sender.add("DELETE FROM sqlite_sequence");
      Table counters =
          new Table(
              SnapshotSchema.SEQUENCE_TABLE,
              Kind.TABLE,
              List.of("name", "seq"),
              null,
              -1,
              List.of());
      rows(snapshot, counters, sender);
    }
    for (String type : List.of("view", "trigger")) {
      for (SchemaObject object : schema.objectsOfType(type)) {
        sender.add(object.sql());
      }
    }
    sender.add("PRAGMA user_version = " + schema.userVersion());
  }

  /** The table's rows as multi-row INSERTs (a shadow table emptied first). */
  private static void rows(SnapshotFile snapshot, Table table, Sender sender) throws SQLException {
    if (table.kind() == Kind.SHADOW) {
      sender.add("DELETE FROM " + SnapshotSchema.quote(table.name()));
    }
    int width = table.width();
    int maxRows = Math.max(1, Math.min(MAX_INSERT_ROWS, MAX_VARIABLES / width));
    List<@Nullable Object> values = new ArrayList<>();
    int rows = 0;
    long bytes = 0;
    try (Statement statement = snapshot.connection().createStatement();
        ResultSet result = statement.executeQuery(table.selectAllSql())) {
      while (result.next()) {
        for (int i = 1; i <= width; i++) {
          Object value = SnapshotFile.value(result, i);
          values.add(value);
          bytes += SnapshotFile.wireSize(value);
        }
        rows++;
        if (rows == maxRows || bytes >= INSERT_BYTES) {
          sender.add(new HranaStatement(table.insertSql(rows), values, Map.of(), false), bytes);
          values = new ArrayList<>();
          rows = 0;
          bytes = 0;
        }
      }
    }
    if (rows > 0) {
      sender.add(new HranaStatement(table.insertSql(rows), values, Map.of(), false), bytes);
    }
  }

  /** Collects statements and sends them a request at a time. */
  private final class Sender {

    interface Request {
      void send(List<HranaStatement> statements) throws SQLException;
    }

    private final Request request;
    private final List<HranaStatement> pending = new ArrayList<>();
    private long bytes;
    private boolean holding;

    Sender(Request request) {
      this.request = request;
    }

    void add(String sql) throws SQLException {
      add(new HranaStatement(sql, List.of(), Map.of(), false), sql.length() + 64L);
    }

    void add(HranaStatement statement, long size) throws SQLException {
      pending.add(statement);
      bytes += size;
      if (!holding && bytes >= requestBytes) {
        flush();
      }
    }

    /** Sends nothing more until {@link #flush()}: what follows is one request. */
    void hold() {
      holding = true;
    }

    void flush() throws SQLException {
      if (!pending.isEmpty()) {
        List<HranaStatement> statements = List.copyOf(pending);
        observer.beforeRequest(statements);
        request.send(statements);
        pending.clear();
        bytes = 0;
      }
      holding = false;
    }
  }

  private static void closeQuietly(HranaStream stream) {
    try {
      stream.close();
    } catch (SQLException e) {
      stream.abandon();
    }
  }
}
