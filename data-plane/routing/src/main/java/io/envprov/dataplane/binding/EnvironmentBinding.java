package io.envprov.dataplane.binding;

import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.driver.spi.CredentialScope;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The environment bound to the current thread, and the most its connections may do (the scope of
 * the session that bound it, if one did). Bindings are made by {@link EnvironmentScope} (and the
 * web filters, which use it); this class only reads them.
 */
public final class EnvironmentBinding {

  private EnvironmentBinding() {}

  /** The environment bound to this thread, if any. */
  public static Optional<UUID> current() {
    return Optional.ofNullable(BindingSlot.current().environment);
  }

  /**
   * The environment bound to this thread.
   *
   * @throws NoEnvironmentBoundException when none is: the data plane has no fallback database
   */
  public static UUID require() {
    UUID environment = BindingSlot.current().environment;
    if (environment == null) {
      throw new NoEnvironmentBoundException();
    }
    return environment;
  }

  /**
   * The pool key of this thread's binding: the bound environment and the scope to connect with
   * ({@code configured} narrowed as by {@link #effectiveScope}), read in one thread-local lookup.
   *
   * @throws NoEnvironmentBoundException when no environment is bound
   */
  public static PoolKey requireKey(CredentialScope configured) {
    BindingSlot slot = BindingSlot.current();
    UUID environment = slot.environment;
    if (environment == null) {
      throw new NoEnvironmentBoundException();
    }
    return slot.key(environment, narrower(configured, slot.scopeLimit));
  }

  /** The most this thread's connections may do (a session's scope), if the binding set a limit. */
  public static Optional<CredentialScope> scopeLimit() {
    return Optional.ofNullable(BindingSlot.current().scopeLimit);
  }

  /**
   * The scope to connect with: {@code configured}, narrowed to this thread's limit (a read-only
   * session connects read-only whatever the data source is configured for).
   */
  public static CredentialScope effectiveScope(CredentialScope configured) {
    return narrower(configured, BindingSlot.current().scopeLimit);
  }

  /** The less powerful of the two scopes ({@code configured} when there is no limit). */
  public static CredentialScope narrower(
      CredentialScope configured, @Nullable CredentialScope limit) {
    return limit == null || rank(configured) <= rank(limit) ? configured : limit;
  }

  private static int rank(CredentialScope scope) {
    return switch (scope) {
      case READONLY -> 0;
      case READWRITE -> 1;
      case ADMIN -> 2;
    };
  }
}
