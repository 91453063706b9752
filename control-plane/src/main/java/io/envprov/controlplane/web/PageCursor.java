package io.envprov.controlplane.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An opaque keyset cursor: the (created_at, id) of the last item seen. Stable under inserts, unlike
 * offsets.
 */
public record PageCursor(OffsetDateTime createdAt, UUID id) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  public String encode() {
    Instant instant = createdAt.toInstant();
    String raw = instant.getEpochSecond() + ":" + instant.getNano() + ":" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The decoded cursor, or null for none; a cursor that is not ours is a 400. */
  public static @Nullable PageCursor decode(@Nullable String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
      Instant instant = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      return new PageCursor(
          OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), UUID.fromString(parts[2]));
    } catch (RuntimeException e) {
      throw ApiException.validation("cursor", "is not a cursor this service issued");
    }
  }

  /** The page size asked for, checked against the bounds. */
  public static int limit(@Nullable Integer limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.validation("limit", "must be between 1 and " + MAX_LIMIT);
    }
    return limit;
  }
}
