package io.envprov.driver.libsql;

import io.envprov.driver.libsql.SnapshotSchema.SchemaObject;
import io.envprov.driver.libsql.SnapshotSchema.Table;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.DriverException;
import io.envprov.libsql.hrana.HranaClient;
import io.envprov.libsql.hrana.HranaException;
import io.envprov.libsql.hrana.HranaResult;
import io.envprov.libsql.hrana.HranaStatement;
import io.envprov.libsql.hrana.HranaStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a snapshot of a live libSQL database into a new local SQLite file.
 *
 * <p>Everything is read inside <b>one read transaction on one Hrana stream</b>: {@code BEGIN}, then
 * the schema, then every table page by page, then {@code ROLLBACK}. SQLite (sqld, Turso) gives a
 * reader in a transaction one snapshot of the database, so the file is one point in time however
 * long the reading takes, while writers carry on (a read transaction takes no lock writers wait
 * for, and sqld's write-transaction timeout does not apply to it). Pages are bounded in bytes (sqld
 * refuses responses above its {@code --max-response-size}), and the first pages of several tables
 * travel in one request, so a small database takes three or four round trips.
 */
final class SnapshotWriter {

  /** About how many bytes one page of rows should take on the wire. */
  static final long PAGE_BYTES = 512 * 1024;

  static final int FIRST_PAGE_ROWS = 200;
  static final int MAX_PAGE_ROWS = 10_000;

  /** At most this many tables' pages share one request. */
  static final int TABLES_PER_REQUEST = 8;

  /** Told after each page read; for tests that write between pages. */
  interface PageObserver {
    PageObserver NONE = (table, rows) -> {};

    void pageRead(String table, int rows) throws SQLException;
  }

  private static final HranaStatement BEGIN = HranaStatement.of("BEGIN");
  private static final HranaStatement ROLLBACK = HranaStatement.of("ROLLBACK");

  private final PageObserver observer;
  private final int firstPageRows;

  SnapshotWriter() {
    this(PageObserver.NONE, FIRST_PAGE_ROWS);
  }

  SnapshotWriter(PageObserver observer, int firstPageRows) {
    this.observer = observer;
    this.firstPageRows = firstPageRows;
  }

  /**
   * Writes the snapshot of the database {@code client} reaches into {@code target}, which must not
   * exist. On failure nothing is left at {@code target}.
   *
   * @throws SQLException when the database cannot be read (the caller classifies it)
   * @throws DriverException permanent, when the snapshot file cannot hold what was read (e.g. an
   *     object only libSQL can create)
   */
  void write(HranaClient client, CopyMode mode, Path target) throws SQLException {
    Connection created = SnapshotFile.create(target); // refuses a file that exists: never ours
    HranaStream stream = client.openStream();
    boolean written = false;
    try {
      try (Connection local = created) {
        List<HranaResult> head =
            stream.batch(
                List.of(
                    BEGIN,
                    HranaStatement.of(SnapshotSchema.OBJECTS_SQL),
                    HranaStatement.of(SnapshotSchema.TABLES_SQL),
                    HranaStatement.of(SnapshotSchema.COLUMNS_SQL),
                    HranaStatement.of(SnapshotSchema.USER_VERSION_SQL)),
                false);
        SnapshotSchema schema =
            SnapshotSchema.of(
                head.get(1).rows(),
                head.get(2).rows(),
                head.get(3).rows(),
                (Long) head.get(4).rows().get(0).get(0));
        for (SchemaObject table : schema.tablesToCreate()) {
          local(local, table, table.sql());
        }
        List<Table> tables =
            mode == CopyMode.EVERYTHING
                ? schema.dataTables()
                : schema.historyTable().map(List::of).orElse(List.of());
        copyRows(stream, local, schema, tables);
        if (mode == CopyMode.EVERYTHING && schema.hasSequence()) {
          copySequence(stream, local);
        }
        for (String type : List.of("index", "view", "trigger")) {
          for (SchemaObject object : schema.objectsOfType(type)) {
            local(local, object, object.sql());
          }
        }
        try (Statement statement = local.createStatement()) {
          statement.execute("PRAGMA user_version = " + schema.userVersion());
        }
        local.commit();
      }
      stream.executeAndClose(ROLLBACK); // the read transaction ends; nothing was written
      written = true;
    } finally {
      if (!written) {
        closeQuietly(stream);
        try {
          Files.deleteIfExists(target);
        } catch (IOException e) {
          // the caller removes its temporary directory anyway
        }
      }
    }
  }

  /** Where one table's copy stands. */
  private final class Cursor {
    final Table table;
    final PreparedStatement insert;
    int limit = firstPageRows;
    boolean first = true;
    long offset;
    @Nullable Object lastKey;

    Cursor(Table table, PreparedStatement insert) {
      this.table = table;
      this.insert = insert;
    }

    HranaStatement nextPage() {
      List<@Nullable Object> args = new ArrayList<>();
      args.add((long) limit);
      if (table.key() < 0) {
        args.add(offset);
      } else if (!first) {
        args.add(lastKey);
      }
      return HranaStatement.of(table.pageSql(first), args);
    }

    /** Writes a page to the file; true when more rows may follow. */
    boolean take(HranaResult page) throws SQLException {
      long bytes = 0;
      for (List<@Nullable Object> row : page.rows()) {
        if (row.size() != table.width()) {
          throw new SQLException("a page of " + table.name() + " has rows of the wrong width");
        }
        for (int i = 0; i < row.size(); i++) {
          Object value = row.get(i);
          SnapshotFile.bind(insert, i + 1, value);
          bytes += SnapshotFile.wireSize(value);
        }
        insert.addBatch();
      }
      insert.executeBatch();
      int rows = page.rows().size();
      observer.pageRead(table.name(), rows);
      boolean more = rows == limit;
      first = false;
      offset += rows;
      if (rows > 0 && table.key() >= 0) {
        lastKey = page.rows().get(rows - 1).get(table.key());
      }
      if (rows > 0) {
        long perRow = Math.max(1, bytes / rows);
        limit = (int) Math.max(1, Math.min(MAX_PAGE_ROWS, PAGE_BYTES / perRow));
      }
      return more;
    }
  }

  private void copyRows(
      HranaStream stream, Connection local, SnapshotSchema schema, List<Table> tables)
      throws SQLException {
    Deque<Cursor> pending = new ArrayDeque<>();
    Map<String, PreparedStatement> inserts = new HashMap<>();
    try {
      for (Table table : tables) {
        if (table.kind() == SnapshotSchema.Kind.SHADOW) {
          // its virtual table filled it when it was created; the source's rows replace those
          local(local, table.name(), "DELETE FROM " + SnapshotSchema.quote(table.name()));
        }
        PreparedStatement insert = local.prepareStatement(table.insertSql(1));
        inserts.put(table.name(), insert);
        pending.add(new Cursor(table, insert));
      }
      while (!pending.isEmpty()) {
        List<Cursor> round = new ArrayList<>();
        while (!pending.isEmpty() && round.size() < TABLES_PER_REQUEST) {
          round.add(pending.poll());
        }
        List<HranaResult> pages;
        try {
          pages = stream.executeAll(round.stream().map(Cursor::nextPage).toList(), false);
        } catch (HranaException e) {
          if (!tooLarge(e) || round.stream().allMatch(cursor -> cursor.limit == 1)) {
            throw e;
          }
          // the server refused a response that large: ask again for smaller pages
          round.forEach(cursor -> cursor.limit = Math.max(1, cursor.limit / 8));
          round.forEach(pending::addFirst);
          continue;
        }
        for (int i = 0; i < round.size(); i++) {
          if (round.get(i).take(pages.get(i))) {
            pending.add(round.get(i));
          }
        }
      }
    } finally {
      for (PreparedStatement insert : inserts.values()) {
        insert.close();
      }
    }
  }

  private static void copySequence(HranaStream stream, Connection local) throws SQLException {
    HranaResult counters = stream.execute(HranaStatement.of(SnapshotSchema.SEQUENCE_SQL));
    try (Statement clear = local.createStatement();
        PreparedStatement insert =
            local.prepareStatement("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)")) {
      clear.execute("DELETE FROM sqlite_sequence");
      for (List<@Nullable Object> row : counters.rows()) {
        SnapshotFile.bind(insert, 1, row.get(0));
        SnapshotFile.bind(insert, 2, row.get(1));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Whether the server refused to send a response that large. */
  private static boolean tooLarge(HranaException e) {
    String code = e.hranaCode() == null ? "" : e.hranaCode();
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return code.contains("TOO_LARGE") || message.contains("too large");
  }

  private static void local(Connection local, SchemaObject object, String sql) {
    local(local, object.type() + " " + object.name(), sql);
  }

  /** Runs DDL on the snapshot file; a statement it cannot run makes the backup impossible. */
  private static void local(Connection local, String what, String sql) {
    try (Statement statement = local.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw DriverException.permanent(
          "the snapshot file cannot hold " + what + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(HranaStream stream) {
    try {
      stream.close();
    } catch (SQLException e) {
      stream.abandon(); // the server drops the stream, and its read transaction, when it expires
    }
  }
}
