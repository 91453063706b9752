package io.envprov.controlplane.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/service-accounts}: a principal for a data plane. */
public record CreateServiceAccountRequest(
    @NotBlank @Size(max = 200) String name,
    @NotNull @Pattern(regexp = "^data_plane$", message = "must be data_plane") String role) {}
