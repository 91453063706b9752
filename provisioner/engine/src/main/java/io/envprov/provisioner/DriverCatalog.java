package io.envprov.provisioner;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.DriverRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The drivers in use, created once per name from the registry with their settings, closed with the
 * catalog.
 */
public final class DriverCatalog implements AutoCloseable {

  private final DriverRegistry registry;
  private final Path dataDirectory;
  private final Function<String, Map<String, String>> settings;
  private final Map<String, DatabaseDriver> drivers = new ConcurrentHashMap<>();

  /**
   * @param registry where providers are found
   * @param dataDirectory the service's data directory
   * @param settings the settings of each driver by name (empty map when none)
   */
  public DriverCatalog(
      DriverRegistry registry, Path dataDirectory, Function<String, Map<String, String>> settings) {
    this.registry = registry;
    this.dataDirectory = dataDirectory;
    this.settings = settings;
  }

  /**
   * The driver of that name, created on first use.
   *
   * @throws io.envprov.driver.spi.DriverNotFoundException when no such driver is on the class path
   */
  public DatabaseDriver driver(String name) {
    return drivers.computeIfAbsent(
        name,
        key ->
            registry.provider(key).create(new DriverContext(dataDirectory, settings.apply(key))));
  }

  /** Whether a driver of that name can be had. */
  public boolean isAvailable(String name) {
    return registry.names().contains(name);
  }

  /** The registered drivers' names. */
  public java.util.Set<String> names() {
    return registry.names();
  }

  @Override
  public void close() {
    drivers.values().forEach(DatabaseDriver::close);
    drivers.clear();
  }
}
