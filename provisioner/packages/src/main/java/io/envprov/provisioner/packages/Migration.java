package io.envprov.provisioner.packages;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One migration of a package version, as published: one SQL text for every dialect ({@code sql})
 * and/or one per dialect ({@code sqlByDialect}, keyed by {@link Dialect#key()}); a dialect's own
 * text wins over the common one.
 *
 * @param version the migration's version, e.g. {@code 1} or {@code 1.1}; ordered as versions
 * @param description what it does
 * @param sql the text for every dialect, or null when each dialect has its own
 * @param sqlByDialect the texts per dialect (may be empty)
 */
public record Migration(
    String version, String description, @Nullable String sql, Map<String, String> sqlByDialect) {

  public Migration {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    sqlByDialect = Map.copyOf(sqlByDialect);
  }

  /** The text to run on {@code dialect}, or null when the migration has none for it. */
  public @Nullable String sqlFor(Dialect dialect) {
    String own = sqlByDialect.get(dialect.key());
    return own != null ? own : sql;
  }

  /**
   * The checksum Flyway records for this migration on {@code dialect} (CRC32 of its text there,
   * line breaks ignored): what drift compares with a database's history. Null when the migration
   * has no text for the dialect.
   */
  public @Nullable Integer checksum(Dialect dialect) {
    String text = sqlFor(dialect);
    return text == null ? null : FlywayChecksum.of(text);
  }
}
