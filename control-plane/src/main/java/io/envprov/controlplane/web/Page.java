package io.envprov.controlplane.web;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A page of a list: {@code {"items": [...], "next_cursor": ...}}. */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

  /**
   * The page of {@code rows} fetched with {@code limit + 1} past the cursor: the extra row only
   * says that there is more, and the cursor points after the last item shown.
   */
  public static <T> Page<T> of(List<T> rows, int limit, Function<T, PageCursor> cursorOf) {
    if (rows.size() <= limit) {
      return new Page<>(List.copyOf(rows), null);
    }
    List<T> items = List.copyOf(rows.subList(0, limit));
    return new Page<>(items, cursorOf.apply(items.get(limit - 1)).encode());
  }

  /**
   * A page of a list computed whole (e.g. read from a database server), keyed by a unique name: the
   * items after {@code after} in name order. Stable while the list changes, like the stored lists'
   * keyset pages.
   */
  public static <T> Page<T> byName(
      List<T> all, Function<T, String> name, @Nullable NameCursor after, int limit) {
    List<T> rows =
        all.stream()
            .filter(item -> after == null || name.apply(item).compareTo(after.name()) > 0)
            .sorted(Comparator.comparing(name))
            .limit(limit + 1L)
            .toList();
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, limit);
    return new Page<>(
        List.copyOf(items), new NameCursor(name.apply(items.get(limit - 1))).encode());
  }
}
