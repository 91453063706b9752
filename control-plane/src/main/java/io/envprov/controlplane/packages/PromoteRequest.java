package io.envprov.controlplane.packages;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/environments/{target_id}/promote}.
 *
 * @param fromEnvironmentId the environment whose package versions the target receives
 * @param force promote even when the target's history differs from the catalog (drift)
 */
public record PromoteRequest(@NotNull UUID fromEnvironmentId, @Nullable Boolean force) {}
