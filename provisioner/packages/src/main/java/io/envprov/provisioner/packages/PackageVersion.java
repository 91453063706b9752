package io.envprov.provisioner.packages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

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

  /** Whether this is the data-plane baseline. */
  public boolean isSystem() {
    return SYSTEM.equals(name);
  }

  /**
   * The checksum that identifies this version's content: {@link #checksumOf(List)} of its
   * migrations. The catalog stores it at publish; the runner records it in the database.
   */
  public String checksum() {
    return checksumOf(migrations);
  }

  /**
   * SHA-256 (lower-case hex) of the canonical form of migrations: for each, in order, its version,
   * description, common SQL and per-dialect SQL (sorted by dialect key), each length-prefixed so no
   * two different lists share a form. The package's name and version are not part of it: the same
   * migrations published as two versions have the same checksum. Line breaks count (unlike Flyway's
   * per-migration checksum).
   */
  public static String checksumOf(List<Migration> migrations) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    count(sha256, migrations.size());
    for (Migration migration : migrations) {
      field(sha256, migration.version());
      field(sha256, migration.description());
      field(sha256, migration.sql());
      Map<String, String> byDialect = new TreeMap<>(migration.sqlByDialect());
      count(sha256, byDialect.size());
      byDialect.forEach(
          (dialect, sql) -> {
            field(sha256, dialect);
            field(sha256, sql);
          });
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static void field(MessageDigest digest, @Nullable String value) {
    if (value == null) {
      count(digest, -1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    count(digest, bytes.length);
    digest.update(bytes);
  }

  private static void count(MessageDigest digest, int value) {
    digest.update(
        new byte[] {
          (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
        });
  }
}
