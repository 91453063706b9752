package io.envprov.controlplane.identity;

import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/users/{id}/api-keys} (the body is optional). */
public record CreateApiKeyRequest(@Nullable @Size(min = 1, max = 200) String name) {}
