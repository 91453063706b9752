package io.envprov.provisioner;

import io.envprov.driver.spi.DriverException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Per-server protection of driver calls: a circuit breaker (a server that keeps failing is left
 * alone for a while, and placement avoids it), a bulkhead (a bounded number of calls at once per
 * server) and a time limit on every call.
 *
 * @param callTimeout the longest a driver call may take
 */
public final class ServerGuards implements AutoCloseable {

  private final CircuitBreakerRegistry breakers;
  private final BulkheadRegistry bulkheads;
  private final Duration callTimeout;
  private final Duration bulkCallTimeout;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "driver-call");
            thread.setDaemon(true);
            return thread;
          });

  public ServerGuards(Duration callTimeout, int maxConcurrentCallsPerServer) {
    this(callTimeout, callTimeout, maxConcurrentCallsPerServer);
  }

  /**
   * Guards whose bulk calls ({@link #callBulk}: backups and restores, which move a whole database)
   * may take up to {@code bulkCallTimeout}, the others up to {@code callTimeout}.
   */
  public ServerGuards(
      Duration callTimeout, Duration bulkCallTimeout, int maxConcurrentCallsPerServer) {
    this.callTimeout = callTimeout;
    this.bulkCallTimeout = bulkCallTimeout;
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(2)
                // Only the server's own failures count; a bad request is not the server's fault.
                .recordException(e -> e instanceof DriverException de && de.isTransient())
                .build());
    this.bulkheads =
        BulkheadRegistry.of(
            BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrentCallsPerServer)
                .maxWaitDuration(callTimeout)
                .build());
  }

  /** Whether calls to this server are refused for now (placement then avoids it). */
  public boolean isOpen(String serverId) {
    return breakers
        .find(serverId)
        .map(b -> b.getState() == CircuitBreaker.State.OPEN)
        .orElse(false);
  }

  /** Runs one driver call against the server, guarded; {@code serverId} null means local. */
  public <T> T call(String serverId, Supplier<T> call) {
    return guarded(serverId, call, callTimeout);
  }

  /**
   * Runs one driver call that moves a whole database (a backup, a restore) against the server,
   * guarded like {@link #call} but with the bulk time limit, since its duration grows with the
   * database's size.
   */
  public <T> T callBulk(String serverId, Supplier<T> call) {
    return guarded(serverId, call, bulkCallTimeout);
  }

  private <T> T guarded(String serverId, Supplier<T> call, Duration timeout) {
    Supplier<T> timed = () -> withTimeout(call, timeout);
    if (serverId == null) {
      return timed.get();
    }
    CircuitBreaker breaker = breakers.circuitBreaker(serverId);
    Bulkhead bulkhead = bulkheads.bulkhead(serverId);
    try {
      return CircuitBreaker.decorateSupplier(breaker, Bulkhead.decorateSupplier(bulkhead, timed))
          .get();
    } catch (CallNotPermittedException e) {
      throw DriverException.transientFailure(
          "server " + serverId + " is failing; calls are paused (circuit open)", e);
    } catch (BulkheadFullException e) {
      throw DriverException.transientFailure("server " + serverId + " is busy", e);
    }
  }

  private <T> T withTimeout(Supplier<T> call, Duration timeout) {
    Future<T> future = executor.submit(call::get);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw DriverException.transientFailure(
          "a driver call took longer than " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw DriverException.transientFailure("interrupted while waiting for a driver call", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw DriverException.permanent("a driver call failed", e.getCause());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
