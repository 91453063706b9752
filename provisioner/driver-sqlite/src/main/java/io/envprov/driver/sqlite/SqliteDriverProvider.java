package io.envprov.driver.sqlite;

import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseDriverProvider;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.DriverException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Registers the {@code sqlite} driver.
 *
 * <p>Setting {@code directory}: where the database files live; relative paths are resolved against
 * the data directory. Defaults to {@code <dataDirectory>/sqlite}.
 */
public final class SqliteDriverProvider implements DatabaseDriverProvider {

  /** The name environments ask for. */
  public static final String NAME = "sqlite";

  /** The setting naming the directory of the database files. */
  public static final String DIRECTORY = "directory";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DatabaseDriver create(DriverContext context) {
    String configured = context.property(DIRECTORY, "sqlite");
    Path directory;
    try {
      directory = context.dataDirectory().resolve(configured).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw DriverException.permanent(
          "setting '"
              + DIRECTORY
              + "' of driver '"
              + NAME
              + "' is not a usable path: "
              + configured,
          e);
    }
    return new SqliteDriver(directory, classLoader());
  }
}
