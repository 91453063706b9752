package io.envprov.driver.spi;

import java.util.Collection;

/** No driver of the requested name is on the class path. */
public class DriverNotFoundException extends DriverException {

  private final String driverName;

  public DriverNotFoundException(String driverName, Collection<String> available) {
    super(
        "no database driver named '"
            + driverName
            + "' is on the class path (available: "
            + (available.isEmpty() ? "none" : String.join(", ", available))
            + "); add the module driver-"
            + driverName
            + ", whose jar registers it in META-INF/services/"
            + DatabaseDriverProvider.class.getName(),
        false,
        null);
    this.driverName = driverName;
  }

  public String driverName() {
    return driverName;
  }
}
