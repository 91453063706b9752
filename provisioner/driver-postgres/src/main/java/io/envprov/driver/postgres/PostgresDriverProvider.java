package io.envprov.driver.postgres;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseDriverProvider;
import io.envprov.driver.spi.DriverContext;

/**
 * Registers the {@code postgres} driver.
 *
 * <p>Settings, all optional: {@code connectTimeoutSeconds} (10), {@code socketTimeoutSeconds}
 * (600), {@code healthTimeoutSeconds} (5), {@code lockTimeoutSeconds} (120) and {@code
 * baselineStrategy} ({@code template}, or {@code flyway}). Servers and their admin secrets come
 * with every call, not from the settings.
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
