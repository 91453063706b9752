package io.envprov.provisioner.packages;

import java.util.List;
import javax.sql.DataSource;

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
    throw new UnsupportedOperationException("not yet");
  }

  /** What differs between this snapshot ({@code left}) and {@code other} ({@code right}). */
  public SchemaDiff diff(SchemaSnapshot other) {
    throw new UnsupportedOperationException("not yet");
  }
}
