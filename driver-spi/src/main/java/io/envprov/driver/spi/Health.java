package io.envprov.driver.spi;

import java.util.Objects;

/**
 * Whether a driver or server can take work.
 *
 * @param status up or down
 * @param detail a short reason, never a secret
 */
public record Health(Status status, String detail) {

  public enum Status {
    UP,
    DOWN
  }

  public Health {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  public static Health up(String detail) {
    return new Health(Status.UP, detail);
  }

  public static Health down(String detail) {
    return new Health(Status.DOWN, detail);
  }

  public boolean isUp() {
    return status == Status.UP;
  }
}
