package io.envprov.controlplane.credential;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/environments/{id}/credentials}. */
public record IssueCredentialRequest(
    @NotNull
        @Pattern(
            regexp = "^(readwrite|readonly|admin)$",
            message = "must be one of readwrite, readonly, admin")
        String scope,
    @Nullable @Min(value = 60, message = "must be at least 60") @Max(31_622_400L)
        Long ttlSeconds) {}
