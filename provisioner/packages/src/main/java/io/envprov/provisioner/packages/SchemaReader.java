package io.envprov.provisioner.packages;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a {@link SchemaSnapshot} in two queries: the columns of every table, then the indexes. The
 * history tables ({@code flyway_schema_history}, {@code sys_migrations_*}) and the engines' own
 * tables are left out: they are bookkeeping, not the schema a diff is about.
 */
final class SchemaReader {

  private static final String POSTGRES_COLUMNS =
      "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
          + " NOT a.attnotnull"
          + " FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_catalog.pg_attribute a"
          + " ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
          + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')";

  private static final String POSTGRES_INDEXES =
      "SELECT tablename, indexname FROM pg_catalog.pg_indexes WHERE schemaname = 'public'";

  private static final String SQLITE_COLUMNS =
      "SELECT m.name, p.name, p.type, p.\"notnull\" = 0"
          + " FROM sqlite_master m LEFT JOIN pragma_table_info(m.name) p"
          + " WHERE m.type = 'table'";

  private static final String SQLITE_INDEXES =
      "SELECT m.name, i.name FROM sqlite_master m JOIN pragma_index_list(m.name) i"
          + " WHERE m.type = 'table'";

  private SchemaReader() {}

  static SchemaSnapshot read(Connection connection, Dialect dialect) throws SQLException {
    Map<String, List<SchemaSnapshot.Column>> columns = new TreeMap<>();
    Map<String, TreeSet<String>> indexes = new TreeMap<>();
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery(dialect == Dialect.POSTGRES ? POSTGRES_COLUMNS : SQLITE_COLUMNS)) {
        while (rows.next()) {
          String table = rows.getString(1);
          if (!visible(table)) {
            continue;
          }
          List<SchemaSnapshot.Column> ofTable =
              columns.computeIfAbsent(table, any -> new ArrayList<>());
          String column = rows.getString(2);
          if (column != null) {
            String type = rows.getString(3);
            ofTable.add(
                new SchemaSnapshot.Column(
                    column, type == null ? "" : type.toLowerCase(Locale.ROOT), rows.getBoolean(4)));
          }
        }
      }
      try (ResultSet rows =
          statement.executeQuery(dialect == Dialect.POSTGRES ? POSTGRES_INDEXES : SQLITE_INDEXES)) {
        while (rows.next()) {
          String table = rows.getString(1);
          String index = rows.getString(2);
          if (columns.containsKey(table) && !internal(index)) {
            indexes.computeIfAbsent(table, any -> new TreeSet<>()).add(index);
          }
        }
      }
    }
    List<SchemaSnapshot.Table> tables = new ArrayList<>();
    columns.forEach(
        (table, ofTable) -> {
          ofTable.sort(Comparator.comparing(SchemaSnapshot.Column::name));
          tables.add(
              new SchemaSnapshot.Table(
                  table, ofTable, List.copyOf(indexes.getOrDefault(table, new TreeSet<>()))));
        });
    return new SchemaSnapshot(tables);
  }

  private static boolean visible(String table) {
    return HistoryTable.packageOf(table) == null
        && !table.startsWith(HistoryTable.PREFIX)
        && !internal(table);
  }

  /** SQLite's own objects (and their automatic indexes), libSQL's and Litestream's. */
  private static boolean internal(String name) {
    return name.startsWith("sqlite_")
        || name.startsWith("libsql_")
        || name.startsWith("_litestream");
  }
}
