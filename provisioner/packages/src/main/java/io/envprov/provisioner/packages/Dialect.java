package io.envprov.provisioner.packages;

import java.util.Locale;

/** The SQL dialect a package's migration is written in; libSQL speaks {@link #SQLITE}. */
public enum Dialect {
  POSTGRES,
  SQLITE;

  /** The name used in {@code sql_by_dialect}: {@code postgres} or {@code sqlite}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The dialect of a driver's databases.
   *
   * @throws IllegalArgumentException for a driver this module does not know
   */
  public static Dialect forDriver(String driver) {
    return switch (driver) {
      case "postgres" -> POSTGRES;
      case "sqlite", "libsql" -> SQLITE;
      default -> throw new IllegalArgumentException("no SQL dialect known for driver " + driver);
    };
  }

  /** The dialect named {@code key} ({@code postgres}, {@code sqlite}), or null. */
  public static @org.jspecify.annotations.Nullable Dialect ofKey(String key) {
    for (Dialect dialect : values()) {
      if (dialect.key().equals(key)) {
        return dialect;
      }
    }
    return null;
  }
}
