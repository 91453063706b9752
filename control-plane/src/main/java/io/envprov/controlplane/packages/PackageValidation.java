package io.envprov.controlplane.packages;

import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.provisioner.packages.Dialect;
import io.envprov.provisioner.packages.Migration;
import io.envprov.provisioner.packages.PackageVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Checks a package to publish, all of it at once: the answer lists every problem (422 {@code
 * invalid_package}, one entry per field), so a publisher fixes them in one go. What needs the
 * catalog (a migration that differs from the same migration of another version) is checked by
 * {@link PackageCatalog}.
 */
final class PackageValidation {

  /** Migrations one package version may list. */
  static final int MAX_MIGRATIONS = 1000;

  private static final int MAX_DESCRIPTION = 1000;
  private static final int MAX_MIGRATION_DESCRIPTION = 200;

  private PackageValidation() {}

  /** A package found valid. */
  record Valid(PackageVersion version, @Nullable String description) {}

  /**
   * The package the request describes.
   *
   * @throws ApiException 422 {@code invalid_package} listing every problem
   */
  static Valid check(PublishPackageRequest request) {
    List<ApiException.FieldError> errors = new ArrayList<>();
    String name = request.name();
    if (name == null || name.isBlank()) {
      errors.add(new ApiException.FieldError("name", "is required"));
    } else if (!Versions.PACKAGE_NAME.matcher(name).matches()) {
      errors.add(
          new ApiException.FieldError(
              "name", "must be a lower-case letter then up to 39 lower-case letters, digits or _"));
    }
    String version = request.version();
    if (version == null || version.isBlank()) {
      errors.add(new ApiException.FieldError("version", "is required"));
    } else if (!Versions.PACKAGE_VERSION.matcher(version).matches()) {
      errors.add(
          new ApiException.FieldError(
              "version", "must be one to three numbers separated by dots, e.g. 1.2.0"));
    }
    if (request.description() != null && request.description().length() > MAX_DESCRIPTION) {
      errors.add(
          new ApiException.FieldError(
              "description", "must be at most " + MAX_DESCRIPTION + " characters"));
    }
    List<Migration> migrations = migrations(request.migrations(), errors);
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return new Valid(new PackageVersion(name, version, migrations), request.description());
  }

  private static List<Migration> migrations(
      @Nullable List<PublishPackageRequest.MigrationRequest> requested,
      List<ApiException.FieldError> errors) {
    if (requested == null || requested.isEmpty()) {
      errors.add(new ApiException.FieldError("migrations", "must list at least one migration"));
      return List.of();
    }
    if (requested.size() > MAX_MIGRATIONS) {
      errors.add(
          new ApiException.FieldError(
              "migrations", "must list at most " + MAX_MIGRATIONS + " migrations"));
      return List.of();
    }
    List<Migration> migrations = new ArrayList<>();
    String previous = null;
    for (int i = 0; i < requested.size(); i++) {
      String field = "migrations[" + i + "]";
      PublishPackageRequest.MigrationRequest migration = requested.get(i);
      if (migration == null) {
        errors.add(new ApiException.FieldError(field, "is required"));
        continue;
      }
      int before = errors.size();
      String version = migration.version();
      if (version == null || version.isBlank()) {
        errors.add(new ApiException.FieldError(field + ".version", "is required"));
      } else if (!Versions.MIGRATION_VERSION.matcher(version).matches()) {
        errors.add(
            new ApiException.FieldError(
                field + ".version", "must be numbers separated by dots, e.g. 3 or 2.1"));
      } else {
        if (previous != null && Versions.compare(version, previous) <= 0) {
          errors.add(
              new ApiException.FieldError(
                  field + ".version",
                  "must be greater than the migration before it (" + previous + ")"));
        }
        previous = version;
      }
      String description = migration.description();
      if (description == null || description.isBlank()) {
        errors.add(new ApiException.FieldError(field + ".description", "is required"));
      } else if (description.length() > MAX_MIGRATION_DESCRIPTION) {
        errors.add(
            new ApiException.FieldError(
                field + ".description",
                "must be at most " + MAX_MIGRATION_DESCRIPTION + " characters"));
      }
      Map<String, String> byDialect = byDialect(field, migration.sqlByDialect(), errors);
      String sql = migration.sql();
      if (sql != null && sql.isBlank()) {
        errors.add(new ApiException.FieldError(field + ".sql", "must not be blank"));
      }
      if ((sql == null || sql.isBlank()) && byDialect.isEmpty()) {
        errors.add(
            new ApiException.FieldError(
                field, "has no SQL for any dialect: give sql or sql_by_dialect"));
      }
      if (errors.size() == before) {
        migrations.add(new Migration(version, description, sql, byDialect));
      }
    }
    return migrations;
  }

  private static Map<String, String> byDialect(
      String field, @Nullable Map<String, String> requested, List<ApiException.FieldError> errors) {
    Map<String, String> texts = new TreeMap<>();
    if (requested == null) {
      return texts;
    }
    requested.forEach(
        (dialect, sql) -> {
          String where = field + ".sql_by_dialect." + dialect;
          if (Dialect.ofKey(dialect) == null) {
            errors.add(new ApiException.FieldError(where, "is not a dialect (postgres or sqlite)"));
          } else if (sql == null || sql.isBlank()) {
            errors.add(new ApiException.FieldError(where, "must not be blank"));
          } else {
            texts.put(dialect, sql);
          }
        });
    return texts;
  }

  /**
   * 422 {@code invalid_package}: the first problem in the detail, all of them in {@code errors}.
   */
  static ApiException invalid(List<ApiException.FieldError> errors) {
    ApiException.FieldError first = errors.get(0);
    String more = errors.size() == 1 ? "" : " (and " + (errors.size() - 1) + " more)";
    return new ApiException(
        ErrorCode.INVALID_PACKAGE,
        "the package is invalid: " + first.field() + " " + first.message() + more,
        errors);
  }
}
