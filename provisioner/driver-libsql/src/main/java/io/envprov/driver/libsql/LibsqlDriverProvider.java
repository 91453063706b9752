package io.envprov.driver.libsql;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseDriverProvider;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.DriverException;
import java.time.Duration;

/**
 * Creates the {@code libsql} driver. Setting: {@code timeoutSeconds}, how long one HTTP request to
 * a server may take (default 30).
 */
public final class LibsqlDriverProvider implements DatabaseDriverProvider {

  @Override
  public String name() {
    return LibsqlDriver.NAME;
  }

  @Override
  public DatabaseDriver create(DriverContext context) {
    long seconds;
    try {
      seconds = Long.parseLong(context.property("timeoutSeconds", "30"));
    } catch (NumberFormatException e) {
      throw DriverException.permanent("timeoutSeconds must be a number of seconds", e);
    }
    return new LibsqlDriver(Duration.ofSeconds(seconds), classLoader());
  }
}
