package io.envprov.provisioner.packages;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.jspecify.annotations.Nullable;

/**
 * A package version's migrations for one dialect, handed to Flyway from memory: each is a resource
 * named {@code V<version>__<description as identifier>.sql}, and there are no Java migrations. With
 * both providers set, Flyway builds no scanner: nothing is looked up on the class path or the file
 * system.
 */
final class MemoryMigrations implements ResourceProvider, ClassProvider<JavaMigration> {

  private static final Pattern MIGRATION_VERSION = Pattern.compile("[0-9]+(\\.[0-9]+)*");
  private static final Pattern NOT_IDENTIFIER = Pattern.compile("[^A-Za-z0-9]+");
  private static final int MAX_DESCRIPTION = 150;

  /** No migrations at all: the prototype configurations hold it until a call sets its own. */
  static final MemoryMigrations NONE = new MemoryMigrations(Map.of());

  private final Map<String, LoadableResource> byName;

  private MemoryMigrations(Map<String, LoadableResource> byName) {
    this.byName = byName;
  }

  /**
   * The migrations of {@code version} as Flyway resources for {@code dialect}.
   *
   * @throws PackageException {@link PackageException.Reason#MIGRATION_FAILED} when a migration has
   *     no text for the dialect (nothing can be run)
   * @throws IllegalArgumentException for a migration version that is not one
   */
  static MemoryMigrations of(PackageVersion version, Dialect dialect) {
    Map<String, LoadableResource> byName = new LinkedHashMap<>();
    for (Migration migration : version.migrations()) {
      if (!MIGRATION_VERSION.matcher(migration.version()).matches()) {
        throw new IllegalArgumentException("not a migration version: " + migration.version());
      }
      String sql = migration.sqlFor(dialect);
      if (sql == null) {
        throw new PackageException(
            PackageException.Reason.MIGRATION_FAILED,
            version.name()
                + " "
                + version.version()
                + ": migration "
                + migration.version()
                + " has no SQL for "
                + dialect.key(),
            null);
      }
      String filename = filename(migration);
      byName.put(filename, new Script(filename, sql));
    }
    return new MemoryMigrations(Map.copyOf(byName));
  }

  /**
   * The file name Flyway sees. Flyway reads the description back from it with underscores as
   * spaces, so a description becomes words of letters and digits ({@code Add phone (v2)} is
   * recorded as {@code Add phone v2}), as the drivers' baseline files are named.
   */
  static String filename(Migration migration) {
    String description =
        NOT_IDENTIFIER.matcher(migration.description()).replaceAll("_").replaceAll("^_+|_+$", "");
    if (description.length() > MAX_DESCRIPTION) {
      description = description.substring(0, MAX_DESCRIPTION).replaceAll("_+$", "");
    }
    if (description.isEmpty()) {
      description = "migration";
    }
    return "V" + migration.version() + "__" + description + ".sql";
  }

  /** Flyway's description of a migration, as it will appear in the history. */
  static String recordedDescription(Migration migration) {
    String filename = filename(migration);
    return filename.substring(filename.indexOf("__") + 2, filename.length() - 4).replace('_', ' ');
  }

  @Override
  public @Nullable LoadableResource getResource(String name) {
    return byName.get(name);
  }

  @Override
  public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
    List<LoadableResource> found = new ArrayList<>();
    for (Map.Entry<String, LoadableResource> entry : byName.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(prefix)) {
        continue;
      }
      for (String suffix : suffixes) {
        if (name.toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT))) {
          found.add(entry.getValue());
          break;
        }
      }
    }
    return found;
  }

  @Override
  public Collection<Class<? extends JavaMigration>> getClasses() {
    return List.of();
  }

  /** One migration's text as a Flyway resource. */
  private static final class Script extends LoadableResource {

    private final String filename;
    private final String sql;

    Script(String filename, String sql) {
      this.filename = filename;
      this.sql = sql;
    }

    @Override
    public Reader read() {
      return new StringReader(sql);
    }

    @Override
    public String getAbsolutePath() {
      return filename;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return filename;
    }

    @Override
    public String getFilename() {
      return filename;
    }

    @Override
    public String getRelativePath() {
      return filename;
    }
  }
}
