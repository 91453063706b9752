package io.envprov.controlplane.packages;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/environments/{id}/packages}.
 *
 * @param name the package
 * @param version the catalog's version of it to install or upgrade to
 * @param force install even when the database's history differs from the catalog (drift)
 */
public record InstallPackageRequest(
    @NotBlank @Size(max = 40) String name,
    @NotBlank @Size(max = 40) String version,
    @Nullable Boolean force) {}
