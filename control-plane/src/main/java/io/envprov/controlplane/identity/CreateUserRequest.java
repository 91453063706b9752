package io.envprov.controlplane.identity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/users}. */
public record CreateUserRequest(
    @NotBlank @Email @Size(max = 320) String email, @NotBlank @Size(max = 200) String name) {}
