package io.envprov.dataplane.binding;

import io.envprov.driver.spi.CredentialScope;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Binds an environment to the current thread for a block of work, for jobs and async work that no
 * session token reaches. Scopes nest: closing one restores whatever was bound before it.
 *
 * <pre>{@code
 * try (EnvironmentScope.Bound ignored = EnvironmentScope.open(environmentId)) {
 *   jdbc.update(...); // routed to environmentId's database
 * }
 * }</pre>
 */
public final class EnvironmentScope {

  private EnvironmentScope() {}

  /** Binds {@code environmentId} until the returned handle is closed, on this same thread. */
  public static Bound open(UUID environmentId) {
    Objects.requireNonNull(environmentId, "environmentId");
    return bind(environmentId, null);
  }

  /**
   * Binds {@code environmentId} with a scope limit (a session's scope): connections made under it
   * do at most what {@code scopeLimit} allows.
   */
  public static Bound open(UUID environmentId, CredentialScope scopeLimit) {
    Objects.requireNonNull(environmentId, "environmentId");
    Objects.requireNonNull(scopeLimit, "scopeLimit");
    return bind(environmentId, scopeLimit);
  }

  /** Runs {@code work} with {@code environmentId} bound. */
  public static void run(UUID environmentId, Runnable work) {
    try (Bound ignored = open(environmentId)) {
      work.run();
    }
  }

  /** Calls {@code work} with {@code environmentId} bound. */
  public static <T> T call(UUID environmentId, Callable<T> work) throws Exception {
    try (Bound ignored = open(environmentId)) {
      return work.call();
    }
  }

  /** Binds {@code environmentId}, or nothing when it is null (an unbound scope). */
  static Bound bind(@Nullable UUID environmentId, @Nullable CredentialScope scopeLimit) {
    BindingSlot slot = BindingSlot.current();
    Bound bound = new Bound(Thread.currentThread(), slot, slot.environment, slot.scopeLimit);
    slot.environment = environmentId;
    slot.scopeLimit = scopeLimit;
    return bound;
  }

  /** An open binding; closing it restores the previous one. */
  public static final class Bound implements AutoCloseable {
    private final Thread owner;
    private final BindingSlot slot;
    private final @Nullable UUID previous;
    private final @Nullable CredentialScope previousLimit;
    private boolean closed;

    private Bound(
        Thread owner,
        BindingSlot slot,
        @Nullable UUID previous,
        @Nullable CredentialScope previousLimit) {
      this.owner = owner;
      this.slot = slot;
      this.previous = previous;
      this.previousLimit = previousLimit;
    }

    @Override
    public void close() {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(
            "an environment scope must be closed on the thread that opened it");
      }
      if (!closed) {
        closed = true;
        slot.environment = previous;
        slot.scopeLimit = previousLimit;
      }
    }
  }
}
