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

  /**
   * The class loader a driver reads its baselines through: the context class loader of the thread
   * creating the driver, which sees the application's resources, including the baseline migrations,
   * also inside a packaged application; this provider's own when the thread has none.
   */
  default ClassLoader classLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : getClass().getClassLoader();
  }
}
