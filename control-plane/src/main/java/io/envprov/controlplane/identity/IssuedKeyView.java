package io.envprov.controlplane.identity;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A new API key: {@code key} is in this response only (only its hash is stored). {@link
 * #toString()} hides it.
 *
 * @param expiresAt when the key stops working; null: never
 */
public record IssuedKeyView(
    UUID id,
    String name,
    String role,
    @Nullable UUID userId,
    String prefix,
    String key,
    OffsetDateTime createdAt,
    @Nullable OffsetDateTime expiresAt) {

  @Override
  public String toString() {
    return "IssuedKeyView[id=" + id + ", prefix=" + prefix + ", key=***]";
  }
}
