package io.envprov.driver.spi;

/** What {@link DatabaseDriver#copy} carries from the source to the target. */
public enum CopyMode {
  /** Schema and data, consistent as of one moment. */
  EVERYTHING,
  /** Schema (tables, indexes, views, triggers and the baseline history) without user data. */
  SCHEMA_ONLY
}
