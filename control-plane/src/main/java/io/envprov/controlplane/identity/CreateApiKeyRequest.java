package io.envprov.controlplane.identity;

import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/users/{id}/api-keys} (the body is optional).
 *
 * @param expiresAt when the key stops working; never when absent, and it must be in the future
 */
public record CreateApiKeyRequest(
    @Nullable @Size(min = 1, max = 200) String name, @Nullable OffsetDateTime expiresAt) {}
