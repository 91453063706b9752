package io.envprov.provisioner.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageVersionTest {

  private static final Migration ONE =
      new Migration("1", "create contacts", "CREATE TABLE contacts (id int);\n", Map.of());
  private static final Migration TWO =
      new Migration(
          "2",
          "index",
          null,
          Map.of("postgres", "CREATE INDEX i ON contacts (id);", "sqlite", "SELECT 1;"));

  @Test
  void theChecksumIsSha256HexOfTheMigrationsAloneAndIsPinned() {
    PackageVersion crm = new PackageVersion("crm", "1.0.0", List.of(ONE, TWO));

    assertThat(crm.checksum()).matches("[0-9a-f]{64}");
    assertThat(crm.checksum()).isEqualTo(PackageVersion.checksumOf(List.of(ONE, TWO)));
    assertThat(new PackageVersion("other", "9.9.9", List.of(ONE, TWO)).checksum())
        .isEqualTo(crm.checksum());
    // Pinned: the catalog stores checksums computed by this method; changing the canonical form
    // would make every stored one differ.
    assertThat(crm.checksum())
        .isEqualTo("b5b0456e73d928123c6744107c19ddd63e0ee9dfc86ebb5d64fe391acec6c43a");
  }

  @Test
  void anyChangeToTheMigrationsChangesTheChecksum() {
    String checksum = PackageVersion.checksumOf(List.of(ONE, TWO));

    assertThat(
            List.of(
                PackageVersion.checksumOf(List.of(TWO, ONE)),
                PackageVersion.checksumOf(List.of(ONE)),
                PackageVersion.checksumOf(
                    List.of(new Migration("1", "create contacts!", ONE.sql(), Map.of()), TWO)),
                PackageVersion.checksumOf(
                    List.of(new Migration("1.0", "create contacts", ONE.sql(), Map.of()), TWO)),
                PackageVersion.checksumOf(
                    List.of(
                        new Migration(
                            "1",
                            "create contacts",
                            "CREATE TABLE contacts (id int);\r\n",
                            Map.of()),
                        TWO)),
                PackageVersion.checksumOf(
                    List.of(ONE, new Migration("2", "index", null, Map.of("postgres", "x"))))))
        .doesNotContain(checksum)
        .doesNotHaveDuplicates();
  }

  @Test
  void aMigrationsChecksumIsFlywaysOfTheDialectsText() {
    assertThat(TWO.checksum(Dialect.POSTGRES))
        .isEqualTo(FlywayChecksum.of("CREATE INDEX i ON contacts (id);"));
    assertThat(TWO.checksum(Dialect.SQLITE)).isEqualTo(FlywayChecksum.of("SELECT 1;"));
    assertThat(new Migration("3", "pg", null, Map.of("postgres", "x")).checksum(Dialect.SQLITE))
        .isNull();
    // Flyway reads lines: line breaks and a byte-order mark do not count.
    assertThat(FlywayChecksum.of("\uFEFFa\r\nb\n")).isEqualTo(FlywayChecksum.of("a\nb"));
  }

  @Test
  void flywaySeesTheDescriptionAsWords() {
    assertThat(
            MemoryMigrations.filename(
                new Migration("1.1", "Add phone (v2)", "SELECT 1;", Map.of())))
        .isEqualTo("V1.1__Add_phone_v2.sql");
    assertThat(
            MemoryMigrations.recordedDescription(
                new Migration("1.1", "Add phone (v2)", "SELECT 1;", Map.of())))
        .isEqualTo("Add phone v2");
    assertThat(MemoryMigrations.filename(new Migration("2", "!!", "SELECT 1;", Map.of())))
        .isEqualTo("V2__migration.sql");
  }
}
