package io.envprov.provisioner.packages;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The user-visible shape of a database: its tables (schema {@code public} on PostgreSQL, {@code
 * main} on SQLite, without the package history tables), their columns and indexes.
 *
 * @param tables sorted by name
 */
public record SchemaSnapshot(List<Table> tables) {

  public SchemaSnapshot {
    tables = List.copyOf(tables);
  }

  /**
   * One table.
   *
   * @param name its name
   * @param columns sorted by name
   * @param indexes the names of its indexes, sorted
   */
  public record Table(String name, List<Column> columns, List<String> indexes) {
    public Table {
      columns = List.copyOf(columns);
      indexes = List.copyOf(indexes);
    }
  }

  /**
   * One column.
   *
   * @param name its name
   * @param type its declared type, as the database reports it (lower case)
   * @param nullable whether it accepts null
   */
  public record Column(String name, String type, boolean nullable) {}

  /**
   * Reads the snapshot of the database.
   *
   * @throws PackageException {@link PackageException.Reason#UNREACHABLE}
   */
  public static SchemaSnapshot read(DataSource database, Dialect dialect) {
    try (Connection connection = database.getConnection()) {
      return SchemaReader.read(connection, dialect);
    } catch (SQLException e) {
      throw Failures.unreachable("cannot read the schema", e);
    }
  }

  /** The table named {@code name}, or null. */
  public @Nullable Table table(String name) {
    for (Table table : tables) {
      if (table.name().equals(name)) {
        return table;
      }
    }
    return null;
  }

  /**
   * What differs between this snapshot ({@code left}) and {@code other} ({@code right}): tables one
   * side lacks, and in the tables both have, columns one side lacks or declares with another type
   * or nullability, and indexes one side lacks. Sorted by table, then column or index.
   */
  public SchemaDiff diff(SchemaSnapshot other) {
    Map<String, Table> left = byName(tables);
    Map<String, Table> right = byName(other.tables);
    List<String> onlyLeft = new ArrayList<>();
    List<String> onlyRight = new ArrayList<>();
    List<SchemaDiff.ColumnDifference> columns = new ArrayList<>();
    List<SchemaDiff.IndexDifference> indexes = new ArrayList<>();
    Set<String> names = new TreeSet<>(left.keySet());
    names.addAll(right.keySet());
    for (String name : names) {
      Table here = left.get(name);
      Table there = right.get(name);
      if (there == null) {
        onlyLeft.add(name);
      } else if (here == null) {
        onlyRight.add(name);
      } else {
        columns.addAll(columnDifferences(here, there));
        indexes.addAll(indexDifferences(here, there));
      }
    }
    return new SchemaDiff(onlyLeft, onlyRight, columns, indexes);
  }

  private static List<SchemaDiff.ColumnDifference> columnDifferences(Table here, Table there) {
    Map<String, Column> left = new TreeMap<>();
    here.columns().forEach(column -> left.put(column.name(), column));
    Map<String, Column> right = new TreeMap<>();
    there.columns().forEach(column -> right.put(column.name(), column));
    Set<String> names = new TreeSet<>(left.keySet());
    names.addAll(right.keySet());
    List<SchemaDiff.ColumnDifference> differences = new ArrayList<>();
    for (String name : names) {
      Column a = left.get(name);
      Column b = right.get(name);
      if (a == null || !a.equals(b)) {
        differences.add(new SchemaDiff.ColumnDifference(here.name(), name, a, b));
      }
    }
    return differences;
  }

  private static List<SchemaDiff.IndexDifference> indexDifferences(Table here, Table there) {
    Set<String> names = new TreeSet<>(here.indexes());
    names.addAll(there.indexes());
    List<SchemaDiff.IndexDifference> differences = new ArrayList<>();
    for (String name : names) {
      if (!there.indexes().contains(name)) {
        differences.add(new SchemaDiff.IndexDifference(here.name(), name, "left"));
      } else if (!here.indexes().contains(name)) {
        differences.add(new SchemaDiff.IndexDifference(here.name(), name, "right"));
      }
    }
    return differences;
  }

  private static Map<String, Table> byName(List<Table> tables) {
    Map<String, Table> byName = new TreeMap<>();
    tables.forEach(table -> byName.put(table.name(), table));
    return byName;
  }
}
