package io.envprov.controlplane.environment;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code PATCH /v1/environments/{id}}: only the fields present change. {@code storage_limit_mb}
 * (MiB, positive) replaces the database's storage limit.
 */
public record UpdateEnvironmentRequest(
    @Nullable @Size(min = 1, max = 200) String name,
    @Nullable @Size(max = 2000) String description,
    @JsonProperty("is_protected") @Nullable Boolean isProtected,
    @Nullable Map<String, Object> metadata,
    @Nullable @Positive Integer storageLimitMb) {}
