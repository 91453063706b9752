package io.envprov.dataplane.binding;

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

  static final ThreadLocal<@Nullable UUID> CURRENT = new ThreadLocal<>();
  static final ThreadLocal<@Nullable CredentialScope> SCOPE_LIMIT = new ThreadLocal<>();

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

  /** The most this thread's connections may do (a session's scope), if the binding set a limit. */
  public static Optional<CredentialScope> scopeLimit() {
    return Optional.ofNullable(SCOPE_LIMIT.get());
  }

  /**
   * The scope to connect with: {@code configured}, narrowed to this thread's limit (a read-only
   * session connects read-only whatever the data source is configured for).
   */
  public static CredentialScope effectiveScope(CredentialScope configured) {
    return narrower(configured, SCOPE_LIMIT.get());
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
