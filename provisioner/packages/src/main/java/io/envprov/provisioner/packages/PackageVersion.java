package io.envprov.provisioner.packages;

import java.util.List;
import java.util.Objects;

/**
 * A named, versioned, immutable set of ordered migrations, e.g. {@code crm} 1.2.0. The data-plane
 * baseline is the package {@link #SYSTEM}, whose history is Flyway's own {@code
 * flyway_schema_history} (the drivers apply it at provisioning); every other package keeps its own
 * history table inside the database.
 *
 * @param name the package's name ({@code [a-z][a-z0-9_]{0,39}})
 * @param version the package's version (semantic, e.g. {@code 1.2.0})
 * @param migrations its migrations, in the order they apply
 */
public record PackageVersion(String name, String version, List<Migration> migrations) {

  /** The data-plane baseline as a package. */
  public static final String SYSTEM = "system";

  public PackageVersion {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    migrations = List.copyOf(migrations);
  }
}
