package io.envprov.driver.postgres;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseDriverProvider;
import io.envprov.driver.spi.DriverContext;

/**
 * Registers the {@code postgres} driver.
 *
 * <p>Settings, all optional: {@code connectTimeoutSeconds} (10), {@code socketTimeoutSeconds}
 * (600), {@code healthTimeoutSeconds} (5), {@code lockTimeoutSeconds} (120), {@code
 * baselineStrategy} ({@code template}, or {@code flyway}), {@code adminPoolSize} (8), {@code
 * createStrategy} ({@code wal_log}, or {@code file_copy}) and {@code clientBinDirectory} (where
 * {@code pg_dump}, {@code pg_restore} and {@code psql} are; else the environment variable {@code
 * ENVPROV_PG_BIN_DIR}, else looked for, see {@link PostgresClientTools}). Servers and their admin
 * secrets come with every call, not from the settings.
 */
public final class PostgresDriverProvider implements DatabaseDriverProvider {

  /** The name environments ask for. */
  public static final String NAME = "postgres";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DatabaseDriver create(DriverContext context) {
    return new PostgresDriver(PostgresSettings.from(context), classLoader());
  }
}
