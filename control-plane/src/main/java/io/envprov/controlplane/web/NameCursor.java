package io.envprov.controlplane.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * An opaque cursor for lists keyed by a unique name rather than (created_at, id): the last name
 * seen. Distinct from {@link PageCursor}'s encoding, so one list's cursor is refused by another.
 */
public record NameCursor(String name) {

  private static final String PREFIX = "name:";

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + name).getBytes(StandardCharsets.UTF_8));
  }

  /** The decoded cursor, or null for none; a cursor that is not ours is a 400. */
  public static @Nullable NameCursor decode(@Nullable String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.validation("cursor", "is not a cursor this service issued");
    }
    if (!raw.startsWith(PREFIX) || raw.length() == PREFIX.length()) {
      throw ApiException.validation("cursor", "is not a cursor this service issued");
    }
    return new NameCursor(raw.substring(PREFIX.length()));
  }
}
