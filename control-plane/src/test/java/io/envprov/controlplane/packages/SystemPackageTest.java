package io.envprov.controlplane.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.provisioner.packages.Migration;
import io.envprov.provisioner.packages.PackageVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package {@code system} is made from whatever versioned migrations the baseline location
 * holds: version N is migrations 1..N, in Flyway's order.
 */
class SystemPackageTest {

  private static final String LOCATION = "classpath:packages-test/baseline";

  @Test
  void each_versioned_migration_makes_a_version_holding_it_and_every_one_before_it() {
    List<PackageVersion> versions = SystemPackage.versions(LOCATION);

    assertThat(versions).extracting(PackageVersion::version).containsExactly("1", "2", "10");
    assertThat(versions).allMatch(v -> v.name().equals(PackageVersion.SYSTEM));
    assertThat(versions.get(2).migrations())
        .extracting(Migration::version)
        .containsExactly("1", "2", "10");
    assertThat(versions.get(1).migrations()).isEqualTo(versions.get(2).migrations().subList(0, 2));
    Migration first = versions.get(0).migrations().get(0);
    assertThat(first.description()).isEqualTo("first table");
    assertThat(first.sql()).isEqualTo("CREATE TABLE one (id integer);\n");
    assertThat(first.sqlByDialect()).isEmpty();
  }

  @Test
  void the_shipped_baseline_starts_at_version_1_with_its_baseline_file() {
    List<PackageVersion> versions = SystemPackage.versions("classpath:db/data-plane");

    assertThat(versions.get(0).version()).isEqualTo("1");
    assertThat(versions.get(0).migrations().get(0).sql()).contains("sys_package_installation");
    assertThat(versions).extracting(PackageVersion::version).isSortedAccordingTo(Versions.ORDER);
  }

  @Test
  void a_location_without_migrations_is_refused_rather_than_registering_nothing() {
    assertThatThrownBy(() -> SystemPackage.versions("classpath:packages-test/nothing-here"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no migration");
  }

  @Test
  void the_catalog_checksum_names_content_not_the_version() {
    List<PackageVersion> versions = SystemPackage.versions(LOCATION);
    PackageVersion sameContent = new PackageVersion("other", "7", versions.get(1).migrations());

    assertThat(PackageCatalog.checksum(sameContent))
        .isEqualTo(PackageCatalog.checksum(versions.get(1)));
    assertThat(PackageCatalog.checksum(versions.get(1)))
        .isNotEqualTo(PackageCatalog.checksum(versions.get(2)))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void versions_order_part_by_part_as_numbers() {
    List<String> versions =
        new java.util.ArrayList<>(List.of("1.10.0", "2", "1.9", "1.9.0", "0.1"));
    versions.sort(Versions.ORDER);
    assertThat(versions).containsExactly("0.1", "1.9", "1.9.0", "1.10.0", "2");
    assertThat(Versions.PACKAGE_VERSION.matcher("1.2.3").matches()).isTrue();
    assertThat(Versions.PACKAGE_VERSION.matcher("1.2.3.4").matches()).isFalse();
    assertThat(Versions.PACKAGE_VERSION.matcher("1.02").matches()).isFalse();
    assertThat(Versions.MIGRATION_VERSION.matcher("2.1.4.5").matches()).isTrue();
  }
}
