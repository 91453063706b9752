package io.envprov.dataplane.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that background work makes true; fails with a message if it never does. */
public final class Await {

  private Await() {}

  /**
   * Polls {@code condition} until it holds or {@code limit} passes, then fails with {@code what}.
   */
  public static void until(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("still not true after " + limit + ": " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
    }
  }
}
