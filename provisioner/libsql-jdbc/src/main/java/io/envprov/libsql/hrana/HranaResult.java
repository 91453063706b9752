package io.envprov.libsql.hrana;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of one statement: columns, rows of Java values ({@code null}, {@link Long}, {@link
 * Double}, {@link String}, {@code byte[]}), the number of rows changed and the last row id.
 */
public record HranaResult(
    List<HranaColumn> columns,
    List<List<@Nullable Object>> rows,
    long affectedRowCount,
    @Nullable Long lastInsertRowid) {

  public HranaResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }
}
