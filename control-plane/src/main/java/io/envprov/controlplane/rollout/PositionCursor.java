package io.envprov.controlplane.rollout;

import io.envprov.controlplane.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * An opaque keyset cursor over a rollout's environments: the last position seen. Encoded apart from
 * the other lists' cursors, so one list's cursor is refused by another.
 */
record PositionCursor(int position) {

  private static final String PREFIX = "position:";

  String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The decoded cursor, or null for none; a cursor that is not ours is a 400. */
  static @Nullable PositionCursor decode(@Nullable String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (raw.startsWith(PREFIX)) {
        int position = Integer.parseInt(raw.substring(PREFIX.length()));
        if (position >= 0) {
          return new PositionCursor(position);
        }
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the refusal: not base64, or not a number.
    }
    throw ApiException.validation("cursor", "is not a cursor this service issued");
  }
}
