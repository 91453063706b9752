package io.envprov.controlplane.identity;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A new API key: {@code key} is in this response only (only its hash is stored). {@link
 * #toString()} hides it.
 */
public record IssuedKeyView(
    UUID id,
    String name,
    String role,
    @Nullable UUID userId,
    String prefix,
    String key,
    OffsetDateTime createdAt) {

  @Override
  public String toString() {
    return "IssuedKeyView[id=" + id + ", prefix=" + prefix + ", key=***]";
  }
}
