package io.envprov.controlplane.packages;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/packages}. Every field is checked by {@link PackageValidation} (422 {@code
 * invalid_package} listing each problem), not by bean validation: a package is one document and its
 * problems are reported together.
 *
 * @param name the package ({@code [a-z][a-z0-9_]{0,39}}; {@code system} is reserved)
 * @param version its version (one to three numbers, e.g. {@code 1.2.0})
 * @param description what it is for
 * @param migrations ALL its migrations, cumulatively, in the order they apply
 */
public record PublishPackageRequest(
    @Nullable String name,
    @Nullable String version,
    @Nullable String description,
    @Nullable List<MigrationRequest> migrations) {

  /**
   * One migration.
   *
   * @param version its version, e.g. {@code 1} or {@code 2.1}; strictly increasing in the list
   * @param description what it does
   * @param sql the text for every dialect
   * @param sqlByDialect the text per dialect ({@code postgres}, {@code sqlite}), winning over
   *     {@code sql}
   */
  public record MigrationRequest(
      @Nullable String version,
      @Nullable String description,
      @Nullable String sql,
      @Nullable Map<String, String> sqlByDialect) {}
}
