package io.envprov.driver.spi;

/**
 * Creates a driver. Registered in {@code
 * META-INF/services/io.envprov.driver.spi.DatabaseDriverProvider} and found by {@link
 * DriverRegistry}.
 */
public interface DatabaseDriverProvider {

  /** The name environments ask for, e.g. {@code sqlite}, {@code postgres}, {@code libsql}. */
  String name();

  /**
   * Creates a driver with the given settings.
   *
   * @throws DriverException when the settings are unusable (the message names the setting)
   */
  DatabaseDriver create(DriverContext context);
}
