package io.envprov.driver.spi;

import java.util.Objects;

/**
 * The data-plane baseline schema every new environment database receives.
 *
 * @param location where the versioned migrations live, as a Flyway location such as {@code
 *     classpath:db/data-plane}
 */
public record Baseline(String location) {

  /** The baseline shipped in the {@code schemas} module. */
  public static final Baseline DATA_PLANE = new Baseline("classpath:db/data-plane");

  public Baseline {
    Objects.requireNonNull(location, "location");
  }
}
