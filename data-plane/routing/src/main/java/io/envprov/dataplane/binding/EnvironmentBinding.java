package io.envprov.dataplane.binding;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The environment bound to the current thread. Bindings are made by {@link EnvironmentScope} (and
 * the web filters, which use it); this class only reads them.
 */
public final class EnvironmentBinding {

  static final ThreadLocal<@Nullable UUID> CURRENT = new ThreadLocal<>();

  private EnvironmentBinding() {}

  /** The environment bound to this thread, if any. */
  public static Optional<UUID> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * The environment bound to this thread.
   *
   * @throws NoEnvironmentBoundException when none is: the data plane has no fallback database
   */
  public static UUID require() {
    UUID environment = CURRENT.get();
    if (environment == null) {
      throw new NoEnvironmentBoundException();
    }
    return environment;
  }
}
