package io.envprov.provisioner;

import io.envprov.driver.spi.DriverException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;

/**
 * How driver calls are retried: transient driver failures only, exponential backoff with jitter, a
 * bounded number of attempts.
 *
 * @param maxAttempts calls in all, the first included
 * @param initialBackoff the wait before the second call
 * @param multiplier how the wait grows
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier) {

  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(200), 2.0);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** Runs {@code step}, again after each transient driver failure, as this policy says. */
  public <T> T run(String name, java.util.function.Supplier<T> step) {
    return Retry.decorateSupplier(retry(name), step).get();
  }

  Retry retry(String name) {
    return Retry.of(
        name,
        RetryConfig.custom()
            .maxAttempts(maxAttempts)
            .intervalFunction(
                IntervalFunction.ofExponentialRandomBackoff(initialBackoff, multiplier, 0.5))
            .retryOnException(e -> e instanceof DriverException de && de.isTransient())
            .failAfterMaxAttempts(false)
            .build());
  }
}
