package io.envprov.controlplane.packages;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One version of a package in the catalog, with its migrations.
 *
 * @param checksum SHA-256 (hex) of its migrations' canonical form: two publishes are the same when
 *     their checksums are
 * @param builtIn whether the service ships it (the package {@code system})
 */
public record PackageVersionView(
    String name,
    String version,
    @Nullable String description,
    String checksum,
    boolean builtIn,
    String publishedBy,
    OffsetDateTime publishedAt,
    List<MigrationView> migrations) {

  /** One migration as published. */
  public record MigrationView(
      String version, String description, @Nullable String sql, Map<String, String> sqlByDialect) {}
}
