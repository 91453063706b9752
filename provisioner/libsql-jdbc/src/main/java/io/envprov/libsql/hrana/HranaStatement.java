package io.envprov.libsql.hrana;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One statement to send: SQL, positional arguments (index 0 is {@code ?1}) and named arguments
 * (keys with their prefix, e.g. {@code :name}). Values are {@code null}, {@link Long}, {@link
 * Double}, {@link String} or {@code byte[]} (see {@link HranaValues}).
 */
public record HranaStatement(
    String sql,
    List<@Nullable Object> args,
    Map<String, @Nullable Object> namedArgs,
    boolean wantRows) {

  public HranaStatement {
    args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    namedArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(namedArgs));
  }

  /** A statement without arguments that returns its rows. */
  public static HranaStatement of(String sql) {
    return new HranaStatement(sql, List.of(), Map.of(), true);
  }

  /** A statement with positional arguments that returns its rows. */
  public static HranaStatement of(String sql, List<@Nullable Object> args) {
    return new HranaStatement(sql, args, Map.of(), true);
  }
}
