package io.envprov.controlplane.packages;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/environments/{id}/schema-diff?with={other}}: how the two databases differ, "here"
 * being the environment of the path and "there" the other.
 *
 * @param identical whether nothing differs (tables, columns, indexes and package versions)
 * @param columns columns of tables both have that differ (present on one side only, or of another
 *     type or nullability)
 * @param indexes indexes of tables both have that only one side has
 * @param packages packages whose versions differ (null on the side that does not have it)
 */
public record SchemaDiffView(
    UUID environmentId,
    UUID withEnvironmentId,
    boolean identical,
    List<String> tablesOnlyHere,
    List<String> tablesOnlyThere,
    List<ColumnDifference> columns,
    List<IndexDifference> indexes,
    List<PackageDifference> packages) {

  /** A column that differs; a side is null when only the other has it. */
  public record ColumnDifference(
      String table, String column, @Nullable Column here, @Nullable Column there) {}

  /** A column as one side has it. */
  public record Column(String type, boolean nullable) {}

  /**
   * An index only one side has.
   *
   * @param side {@code here} or {@code there}
   */
  public record IndexDifference(String table, String index, String side) {}

  /** A package installed at different versions (or on one side only). */
  public record PackageDifference(String name, @Nullable String here, @Nullable String there) {}
}
