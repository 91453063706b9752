package io.envprov.controlplane.packages;

import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an environment's database says about one package, compared with the catalog.
 *
 * @param version the version installed (the last that completed), or null when the database has the
 *     package's history but no record of it (an install stopped between the two)
 * @param status {@code installed} or {@code failed} (the last install failed; {@code version} is
 *     still what the database holds)
 * @param checksum the version's checksum as the database recorded it, when it did
 * @param drift whether the database's history differs from the catalog
 * @param driftDetails one line per difference
 * @param latestVersion the catalog's newest version of the package, or null when it has none
 * @param error why the last install failed, as the control plane recorded it
 */
public record InstalledPackageView(
    String name,
    @Nullable String version,
    String status,
    @Nullable OffsetDateTime installedAt,
    @Nullable String installedBy,
    @Nullable String checksum,
    boolean drift,
    List<String> driftDetails,
    @Nullable String latestVersion,
    @Nullable String error) {}
