package io.envprov.controlplane.rollout;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/rollouts}: install {@code version} of package {@code name} across the
 * environments {@code selector} picks, as {@code strategy} says.
 */
public record CreateRolloutRequest(
    @NotNull @Pattern(regexp = "^[a-z][a-z0-9_]{0,39}$", message = "must be a package name")
        String name,
    @NotNull @Pattern(regexp = "^[0-9]+(\\.[0-9]+){0,2}$", message = "must be a package version")
        String version,
    @NotNull @Valid RolloutSelector selector,
    @Nullable @Valid RolloutStrategy strategy) {}
