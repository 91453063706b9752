package io.envprov.provisioner.packages;

import java.util.List;

/**
 * The differences between two schema snapshots, {@code left} (the environment asked about) and
 * {@code right} (the one it is compared with).
 *
 * @param tablesOnlyLeft tables only the left database has
 * @param tablesOnlyRight tables only the right database has
 * @param columns columns that differ in tables both have: present on one side only, or of another
 *     type or nullability
 * @param indexes indexes present on one side only, in tables both have
 */
public record SchemaDiff(
    List<String> tablesOnlyLeft,
    List<String> tablesOnlyRight,
    List<ColumnDifference> columns,
    List<IndexDifference> indexes) {

  public SchemaDiff {
    tablesOnlyLeft = List.copyOf(tablesOnlyLeft);
    tablesOnlyRight = List.copyOf(tablesOnlyRight);
    columns = List.copyOf(columns);
    indexes = List.copyOf(indexes);
  }

  public boolean isEmpty() {
    return tablesOnlyLeft.isEmpty()
        && tablesOnlyRight.isEmpty()
        && columns.isEmpty()
        && indexes.isEmpty();
  }

  /**
   * A column that differs.
   *
   * @param left the column on the left, or null when only the right has it
   * @param right the column on the right, or null when only the left has it
   */
  public record ColumnDifference(
      String table,
      String column,
      SchemaSnapshot.@org.jspecify.annotations.Nullable Column left,
      SchemaSnapshot.@org.jspecify.annotations.Nullable Column right) {}

  /**
   * An index only one side has.
   *
   * @param side {@code left} or {@code right}
   */
  public record IndexDifference(String table, String index, String side) {}
}
