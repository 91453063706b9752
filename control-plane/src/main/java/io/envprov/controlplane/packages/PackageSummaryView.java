package io.envprov.controlplane.packages;

import java.util.List;

/**
 * A package of the catalog, as {@code GET /v1/packages} lists it.
 *
 * @param latestVersion its newest version (ordered as versions)
 * @param versions every published version, oldest first
 * @param builtIn whether the service ships it
 */
public record PackageSummaryView(
    String name, String latestVersion, List<String> versions, boolean builtIn) {}
