package io.envprov.driver.libsql;

import io.envprov.driver.spi.SchemaHistory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a snapshot needs to know of a database's schema, read the same way from a live libSQL
 * database (over Hrana) and from a snapshot file (with sqlite-jdbc): its objects from {@code
 * sqlite_master} in creation order, the kind of each table ({@code pragma_table_list}: ordinary,
 * virtual, or the shadow table a virtual table keeps its content in), the columns that can be
 * written ({@code pragma_table_xinfo}: not generated) and {@code user_version}.
 *
 * <p>SQLite's own objects ({@code sqlite_*}) and the tables sqld reserves and refuses to write
 * ({@code _litestream_*}, {@code libsql_wasm_func_table}) are not part of a snapshot. Shadow tables
 * are not created (their virtual table creates them) but their rows are copied: that is where a
 * full-text index keeps its content.
 */
final class SnapshotSchema {

  /** The objects, in the order they were created. */
  static final String OBJECTS_SQL =
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid";

  /** The kind of each table of the main schema ({@code wr}: WITHOUT ROWID). */
  static final String TABLES_SQL =
      "SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main'";

  /** The columns of every table, generated ones flagged by {@code hidden} 2 or 3. */
  static final String COLUMNS_SQL =
      "SELECT m.name, c.name, c.type, c.hidden, c.pk FROM sqlite_master m"
          + " JOIN pragma_table_xinfo(m.name) c WHERE m.type = 'table' ORDER BY m.name, c.cid";

  /** The application's own schema version number, which SQLite keeps in the file header. */
  static final String USER_VERSION_SQL = "SELECT user_version FROM pragma_user_version";

  static final String SEQUENCE_TABLE = "sqlite_sequence";

  /** The rows of AUTOINCREMENT counters. */
  static final String SEQUENCE_SQL = "SELECT name, seq FROM sqlite_sequence";

  /** Tables sqld keeps for itself: it refuses writes to them, so they cannot be restored. */
  private static final Set<String> RESERVED =
      Set.of("_litestream_seq", "_litestream_lock", "libsql_wasm_func_table");

  /** The names SQLite accepts for the rowid of a table, unless a column carries the name. */
  private static final List<String> ROWID_NAMES = List.of("rowid", "_rowid_", "oid");

  /** How a table is stored. */
  enum Kind {
    /** An ordinary table: created from its SQL, rows copied. */
    TABLE,
    /** A virtual table: created from its SQL; its content lives in its shadow tables. */
    VIRTUAL,
    /** A shadow table of a virtual table: created by it, rows copied. */
    SHADOW
  }

  /** One row of {@code sqlite_master}. */
  record SchemaObject(String type, String name, String table, String sql) {}

  /**
   * A table whose rows are copied.
   *
   * @param name its name
   * @param kind ordinary or shadow
   * @param columns the columns that can be written, in order (generated ones left out)
   * @param hiddenRowid the name under which the rowid is selected and inserted when no column is
   *     the rowid ({@code INTEGER PRIMARY KEY}), so that it survives; null when a column is the
   *     rowid, for WITHOUT ROWID tables, or when every rowid name is taken by a column
   * @param key the select-list position of the value pages are ordered and resumed by (the rowid),
   *     or -1 to page by offset in {@code order}
   * @param order the columns a page is ordered by when {@code key} is -1 (the primary key of a
   *     WITHOUT ROWID table)
   */
  record Table(
      String name,
      Kind kind,
      List<String> columns,
      @Nullable String hiddenRowid,
      int key,
      List<String> order) {

    /** The select list: the hidden rowid if kept, then the columns. */
    String selectList() {
      List<String> items = new ArrayList<>();
      if (hiddenRowid != null) {
        items.add(hiddenRowid); // never quoted: "rowid" would name a column or a string literal
      }
      columns.forEach(column -> items.add(quote(column)));
      return String.join(", ", items);
    }

    /** How many values a row has in {@link #selectList()}. */
    int width() {
      return columns.size() + (hiddenRowid == null ? 0 : 1);
    }

    /** Every row, in no particular order. */
    String selectAllSql() {
      return "SELECT " + selectList() + " FROM " + quote(name);
    }

    /**
     * A page of at most {@code ?1} rows. With a {@link #key}: ordered by the rowid, after the rowid
     * {@code ?2} (no {@code ?2} on the first page). Without: ordered by {@link #order}, after
     * skipping {@code ?2} rows; within one read transaction the order is the same on every page.
     */
    String pageSql(boolean first) {
      String select = "SELECT " + selectList() + " FROM " + quote(name);
      if (key >= 0) {
        String rowid = hiddenRowid != null ? hiddenRowid : quote(columns.get(key));
        return select
            + (first ? "" : " WHERE " + rowid + " > ?2")
            + " ORDER BY "
            + rowid
            + " LIMIT ?1";
      }
      String by =
          order.isEmpty()
              ? ""
              : " ORDER BY "
                  + order.stream().map(SnapshotSchema::quote).collect(Collectors.joining(", "));
      return select + by + " LIMIT ?1 OFFSET ?2";
    }

    /** An INSERT of {@code rows} rows of the select list. */
    String insertSql(int rows) {
      String one = "(" + String.join(", ", Collections.nCopies(width(), "?")) + ")";
      return "INSERT INTO "
          + quote(name)
          + " ("
          + selectList()
          + ") VALUES "
          + String.join(", ", Collections.nCopies(rows, one));
    }
  }

  private final List<SchemaObject> objects;
  private final Map<String, Kind> kinds;
  private final Map<String, Table> tables;
  private final long userVersion;

  private SnapshotSchema(
      List<SchemaObject> objects,
      Map<String, Kind> kinds,
      Map<String, Table> tables,
      long userVersion) {
    this.objects = objects;
    this.kinds = kinds;
    this.tables = tables;
    this.userVersion = userVersion;
  }

  /**
   * The schema from the rows of {@link #OBJECTS_SQL}, {@link #TABLES_SQL}, {@link #COLUMNS_SQL} and
   * the {@link #USER_VERSION_SQL} value.
   */
  static SnapshotSchema of(
      List<? extends List<?>> objectRows,
      List<? extends List<?>> tableRows,
      List<? extends List<?>> columnRows,
      long userVersion) {
    List<SchemaObject> objects = new ArrayList<>();
    for (List<?> row : objectRows) {
      SchemaObject object =
          new SchemaObject(text(row.get(0)), text(row.get(1)), text(row.get(2)), text(row.get(3)));
      if (!internal(object.name()) && !internal(object.table())) {
        objects.add(object);
      }
    }
    Map<String, Kind> kinds = new HashMap<>();
    Map<String, Boolean> withoutRowid = new HashMap<>();
    for (List<?> row : tableRows) {
      String type = text(row.get(1));
      Kind kind =
          switch (type) {
            case "virtual" -> Kind.VIRTUAL;
            case "shadow" -> Kind.SHADOW;
            case "table" -> Kind.TABLE;
            default -> null; // views
          };
      if (kind != null) {
        kinds.put(text(row.get(0)), kind);
        withoutRowid.put(text(row.get(0)), number(row.get(2)) != 0);
      }
    }
    Map<String, List<List<?>>> columnsByTable = new LinkedHashMap<>();
    for (List<?> row : columnRows) {
      columnsByTable.computeIfAbsent(text(row.get(0)), ignored -> new ArrayList<>()).add(row);
    }
    Map<String, Table> tables = new LinkedHashMap<>();
    for (SchemaObject object : objects) {
      Kind kind = kinds.getOrDefault(object.name(), Kind.TABLE);
      if (!object.type().equals("table") || kind == Kind.VIRTUAL) {
        continue;
      }
      tables.put(
          object.name(),
          table(
              object.name(),
              kind,
              withoutRowid.getOrDefault(object.name(), false),
              columnsByTable.getOrDefault(object.name(), List.of())));
    }
    return new SnapshotSchema(List.copyOf(objects), kinds, tables, userVersion);
  }

  private static Table table(String name, Kind kind, boolean withoutRowid, List<List<?>> columns) {
    List<String> writable = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    Map<Integer, String> primaryKey = new java.util.TreeMap<>();
    String integerKey = null;
    for (List<?> column : columns) {
      String columnName = text(column.get(1));
      names.add(columnName.toLowerCase(Locale.ROOT));
      long hidden = number(column.get(3));
      if (hidden == 0) { // 2 and 3: generated columns, which SQLite computes
        writable.add(columnName);
      }
      long pk = number(column.get(4));
      if (pk > 0) {
        primaryKey.put((int) pk, columnName);
        if (text(column.get(2)).equalsIgnoreCase("INTEGER")) {
          integerKey = columnName;
        }
      }
    }
    if (withoutRowid) {
      return new Table(name, kind, writable, null, -1, List.copyOf(primaryKey.values()));
    }
    if (primaryKey.size() == 1 && integerKey != null) {
      // INTEGER PRIMARY KEY: the column is the rowid
      return new Table(name, kind, writable, null, writable.indexOf(integerKey), List.of());
    }
    Optional<String> rowid =
        ROWID_NAMES.stream().filter(candidate -> !names.contains(candidate)).findFirst();
    return rowid
        .map(hidden -> new Table(name, kind, writable, hidden, 0, List.of()))
        .orElseGet(() -> new Table(name, kind, writable, null, -1, List.copyOf(writable)));
  }

  /** SQLite's own objects and the tables sqld reserves. */
  static boolean internal(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith("sqlite_") || RESERVED.contains(lower);
  }

  /** Tables (ordinary and virtual) to create, the schema history last. */
  List<SchemaObject> tablesToCreate() {
    List<SchemaObject> result = new ArrayList<>();
    SchemaObject history = null;
    for (SchemaObject object : objects) {
      if (object.type().equals("table") && kinds.get(object.name()) != Kind.SHADOW) {
        if (isHistory(object.name())) {
          history = object;
        } else {
          result.add(object);
        }
      }
    }
    if (history != null) {
      result.add(history);
    }
    return result;
  }

  /** The indexes, views or triggers ({@code type}), in creation order. */
  List<SchemaObject> objectsOfType(String type) {
    return objects.stream().filter(object -> object.type().equals(type)).toList();
  }

  /** Every object of the schema, in creation order. */
  List<SchemaObject> objects() {
    return objects;
  }

  /** Tables whose rows a full snapshot holds: ordinary and shadow tables, the history last. */
  List<Table> dataTables() {
    List<Table> result = new ArrayList<>();
    Table history = null;
    for (Table table : tables.values()) {
      if (isHistory(table.name())) {
        history = table;
      } else {
        result.add(table);
      }
    }
    if (history != null) {
      result.add(history);
    }
    return result;
  }

  /** The baseline's schema history table, if the database has one. */
  Optional<Table> historyTable() {
    return tables.values().stream().filter(table -> isHistory(table.name())).findFirst();
  }

  /** Whether the table is the baseline's schema history. */
  static boolean isHistory(String name) {
    return name.equals(SchemaHistory.TABLE);
  }

  /** The kind of a table of the schema (null for a name that is no table). */
  @Nullable Kind kind(String name) {
    return kinds.get(name);
  }

  /** Whether SQLite keeps AUTOINCREMENT counters in this database. */
  boolean hasSequence() {
    return kinds.containsKey(SEQUENCE_TABLE);
  }

  long userVersion() {
    return userVersion;
  }

  /** An identifier in double quotes. */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String text(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }

  private static long number(@Nullable Object value) {
    return value instanceof Number number ? number.longValue() : 0;
  }
}
