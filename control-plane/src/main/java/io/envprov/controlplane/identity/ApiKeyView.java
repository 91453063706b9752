package io.envprov.controlplane.identity;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An API key in a list: never the key, only its visible prefix.
 *
 * @param expiresAt when it stops working; null: never
 * @param revokedAt when it was revoked; null while it is not
 */
public record ApiKeyView(
    UUID id,
    String name,
    String prefix,
    OffsetDateTime createdAt,
    @Nullable OffsetDateTime expiresAt,
    @Nullable OffsetDateTime revokedAt) {}
