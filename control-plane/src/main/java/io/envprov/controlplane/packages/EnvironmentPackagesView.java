package io.envprov.controlplane.packages;

import java.util.List;
import java.util.UUID;

/**
 * {@code GET /v1/environments/{id}/packages}: what the environment's database holds, read live.
 *
 * @param items {@code system} first, then by name
 */
public record EnvironmentPackagesView(UUID environmentId, List<InstalledPackageView> items) {}
