package io.envprov.driver.spi;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The drivers found on the class path through {@link ServiceLoader}. Asking for a driver that is
 * not there fails loudly, naming it and the drivers that are.
 */
public final class DriverRegistry {

  private final Map<String, DatabaseDriverProvider> providers;

  private DriverRegistry(Map<String, DatabaseDriverProvider> providers) {
    this.providers = Collections.unmodifiableMap(new TreeMap<>(providers));
  }

  /** Finds every provider visible to the class loader. Two providers of one name are an error. */
  public static DriverRegistry load(ClassLoader classLoader) {
    Map<String, DatabaseDriverProvider> found = new TreeMap<>();
    for (DatabaseDriverProvider provider :
        ServiceLoader.load(DatabaseDriverProvider.class, classLoader)) {
      register(found, provider);
    }
    return new DriverRegistry(found);
  }

  /** The registry of the thread's context class loader. */
  public static DriverRegistry load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  /**
   * A registry of exactly these providers (an explicit configuration overriding the lookup). Two
   * providers of one name are an error, as in {@link #load(ClassLoader)}.
   */
  public static DriverRegistry of(DatabaseDriverProvider... providers) {
    Map<String, DatabaseDriverProvider> map = new TreeMap<>();
    for (DatabaseDriverProvider provider : providers) {
      register(map, provider);
    }
    return new DriverRegistry(map);
  }

  // One rule for both ways in: silently keeping one of two same-named drivers would make the
  // choice depend on class path order.
  private static void register(
      Map<String, DatabaseDriverProvider> providers, DatabaseDriverProvider provider) {
    DatabaseDriverProvider previous = providers.putIfAbsent(provider.name(), provider);
    if (previous != null) {
      throw DriverException.permanent(
          "two database drivers are named '"
              + provider.name()
              + "': "
              + previous.getClass().getName()
              + " and "
              + provider.getClass().getName(),
          null);
    }
  }

  /**
   * The provider of that name.
   *
   * @throws DriverNotFoundException naming the missing driver and those available
   */
  public DatabaseDriverProvider provider(String name) {
    DatabaseDriverProvider provider = providers.get(name);
    if (provider == null) {
      throw new DriverNotFoundException(name, providers.keySet());
    }
    return provider;
  }

  /** Names of the drivers found, sorted. */
  public Set<String> names() {
    return providers.keySet();
  }
}
