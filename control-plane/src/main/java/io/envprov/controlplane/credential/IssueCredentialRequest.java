package io.envprov.controlplane.credential;

import io.envprov.controlplane.web.CredentialScopeName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/environments/{id}/credentials}. */
public record IssueCredentialRequest(
    @NotNull @CredentialScopeName String scope,
    @Nullable @Min(value = 60, message = "must be at least 60") @Max(31_622_400L)
        Long ttlSeconds) {}
