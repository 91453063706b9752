package io.envprov.controlplane.packages;

import io.envprov.driver.spi.Baseline;
import io.envprov.provisioner.packages.Migration;
import io.envprov.provisioner.packages.PackageVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The data-plane baseline as the package {@code system}, registered in the catalog on every start
 * (idempotent, so every replica may): version {@code N} is the baseline's migrations {@code
 * V1..VN}, read from the same classpath location the drivers apply to new databases, whatever files
 * it holds. A new baseline migration shipped with the service is thereby a new version of {@code
 * system} that rollouts and installs carry to existing environments.
 */
@Component
class SystemPackage implements ApplicationRunner {

  /** Flyway's name of a versioned migration: {@code V<version>__<description>.sql}. */
  private static final Pattern VERSIONED = Pattern.compile("^V([0-9._]+)__(.+)\\.sql$");

  private final PackageCatalog catalog;

  SystemPackage(PackageCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (PackageVersion version : versions(Baseline.DATA_PLANE.location())) {
      catalog.registerBuiltIn(
          version,
          "The data-plane baseline, migrations "
              + version.migrations().get(0).version()
              + " to "
              + version.version());
    }
  }

  /** Every version of {@code system} the baseline at {@code location} makes, oldest first. */
  static List<PackageVersion> versions(String location) {
    List<Migration> migrations = migrations(location);
    List<PackageVersion> versions = new ArrayList<>();
    for (int i = 0; i < migrations.size(); i++) {
      String version = migrations.get(i).version();
      if (Versions.PACKAGE_VERSION.matcher(version).matches()) {
        versions.add(
            new PackageVersion(PackageVersion.SYSTEM, version, migrations.subList(0, i + 1)));
      }
    }
    return versions;
  }

  /** The versioned migrations at {@code location}, in Flyway's order. */
  static List<Migration> migrations(String location) {
    String pattern = "classpath*:" + location.replaceFirst("^classpath:", "") + "/*.sql";
    Resource[] resources;
    try {
      resources =
          new PathMatchingResourcePatternResolver(SystemPackage.class.getClassLoader())
              .getResources(pattern);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the baseline at " + location, e);
    }
    List<Migration> migrations = new ArrayList<>();
    for (Resource resource : resources) {
      String file = resource.getFilename();
      Matcher name = file == null ? null : VERSIONED.matcher(file);
      if (name == null || !name.matches()) {
        continue;
      }
      String version = name.group(1).replace('_', '.');
      try {
        migrations.add(
            new Migration(
                version,
                name.group(2).replace('_', ' '),
                resource.getContentAsString(StandardCharsets.UTF_8),
                Map.of()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the baseline migration " + file, e);
      }
    }
    migrations.sort(Comparator.comparing(Migration::version, Versions.ORDER));
    if (migrations.isEmpty()) {
      throw new IllegalStateException(
          "the data-plane baseline at " + location + " has no migration");
    }
    return migrations;
  }
}
