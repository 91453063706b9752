package io.envprov.driver.spi;

import java.util.regex.Pattern;

/** The rule every driver relies on to use a database name in SQL identifiers and file names. */
public final class DatabaseName {

  /** Lower-case letters, digits and underscores, starting with a letter, at most 63 characters. */
  public static final Pattern PATTERN = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

  private DatabaseName() {}

  /**
   * Returns the name when it is safe as an identifier and file name.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String requireValid(String name) {
    if (name == null || !PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid database name: " + name);
    }
    return name;
  }
}
