package io.envprov.dataplane.binding;

import io.envprov.driver.spi.CredentialScope;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Carries the binding (environment and scope limit) of the submitting thread to the thread that
 * runs the work: tasks capture the environment when they are wrapped and bind it while they run.
 */
public final class BindingPropagation {

  private BindingPropagation() {}

  /** {@code task}, bound on whichever thread runs it to the environment bound now. */
  public static Runnable wrap(Runnable task) {
    BindingSlot slot = BindingSlot.current();
    UUID captured = slot.environment;
    CredentialScope limit = slot.scopeLimit;
    return () -> {
      try (EnvironmentScope.Bound ignored = EnvironmentScope.bind(captured, limit)) {
        task.run();
      }
    };
  }

  /** {@code task}, bound on whichever thread runs it to the environment bound now. */
  public static <T> Callable<T> wrap(Callable<T> task) {
    BindingSlot slot = BindingSlot.current();
    UUID captured = slot.environment;
    CredentialScope limit = slot.scopeLimit;
    return () -> {
      try (EnvironmentScope.Bound ignored = EnvironmentScope.bind(captured, limit)) {
        return task.call();
      }
    };
  }

  /**
   * An executor service whose tasks run bound to the environment of the thread that submitted them.
   * Shutting it down shuts down {@code delegate}.
   */
  public static ExecutorService propagating(ExecutorService delegate) {
    return new PropagatingExecutorService(delegate);
  }

  private static final class PropagatingExecutorService extends AbstractExecutorService {
    private final ExecutorService delegate;

    PropagatingExecutorService(ExecutorService delegate) {
      this.delegate = delegate;
    }

    // submit/invokeAll/invokeAny all end here, on the submitting thread.
    @Override
    public void execute(Runnable command) {
      delegate.execute(wrap(command));
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }
  }
}
