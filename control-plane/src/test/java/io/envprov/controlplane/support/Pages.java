package io.envprov.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Walks a keyset-paginated list ({@code limit}, {@code cursor}, {@code next_cursor}) to its end.
 */
public final class Pages {

  private Pages() {}

  /**
   * Every item of the list at {@code path}, page by page of {@code limit}, in order; each page but
   * the last is full and carries a {@code next_cursor}, the last has none.
   *
   * @param get answers a path (with its query) with the 200 body
   * @param key what identifies an item, e.g. {@code item -> item.get("id").asString()}
   * @param between run after each page but the last, e.g. to change the list mid-walk
   */
  public static List<String> walk(
      Function<String, JsonNode> get,
      String path,
      int limit,
      Function<JsonNode, String> key,
      Runnable between) {
    List<String> seen = new ArrayList<>();
    String separator = path.contains("?") ? "&" : "?";
    String cursor = null;
    for (int pages = 0; pages < 1_000; pages++) {
      JsonNode page =
          get.apply(
              path + separator + "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
      JsonNode items = page.get("items");
      assertThat(items.size()).as("page size").isLessThanOrEqualTo(limit);
      items.forEach(item -> seen.add(key.apply(item)));
      JsonNode next = page.get("next_cursor");
      if (next == null || next.isNull()) {
        return seen;
      }
      assertThat(items.size()).as("a page with a next_cursor is full").isEqualTo(limit);
      cursor = next.asString();
      between.run();
    }
    throw new AssertionError(path + " did not end within 1000 pages");
  }

  /** {@link #walk(Function, String, int, Function, Runnable)} without changes in between. */
  public static List<String> walk(
      Function<String, JsonNode> get, String path, int limit, Function<JsonNode, String> key) {
    return walk(get, path, limit, key, () -> {});
  }

  /** The whole list in one page (at most 500 items). */
  public static List<String> all(
      Function<String, JsonNode> get, String path, Function<JsonNode, String> key) {
    JsonNode page = get.apply(path + (path.contains("?") ? "&" : "?") + "limit=500");
    assertThat(page.get("next_cursor").isNull()).as(path + " fits one page of 500").isTrue();
    List<String> items = new ArrayList<>();
    page.get("items").forEach(item -> items.add(key.apply(item)));
    return items;
  }
}
