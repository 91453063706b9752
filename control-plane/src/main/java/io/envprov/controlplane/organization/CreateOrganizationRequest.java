package io.envprov.controlplane.organization;

import io.envprov.controlplane.environment.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/organizations}. */
public record CreateOrganizationRequest(
    @NotNull @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
    @NotBlank @Size(max = 200) String name,
    @Nullable @Pattern(regexp = "^[a-z][a-z0-9-]{0,30}$", message = "must be a driver name")
        String driver,
    @Nullable @Pattern(regexp = "^[a-z0-9][a-z0-9-]{0,62}$", message = "must be a region name")
        String region) {}
