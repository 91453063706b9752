package io.envprov.dataplane.binding;

import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.driver.spi.CredentialScope;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One thread's binding, kept in a single thread-local holder that stays in place: binding and
 * unbinding write its two fields instead of adding and removing thread-local entries, which the
 * profile of a routed borrow showed as most of the routing's cost and allocation (every {@code
 * ThreadLocal.get()} after a {@code remove()} allocates a new entry). An unbound thread keeps an
 * empty holder: both fields null, no environment.
 */
final class BindingSlot {

  static final ThreadLocal<BindingSlot> CURRENT = ThreadLocal.withInitial(BindingSlot::new);

  @Nullable UUID environment;
  @Nullable CredentialScope scopeLimit;
  // The key last routed under this thread's binding, reused while environment and scope match:
  // a request that borrows again, or a thread that serves the same environment again, allocates
  // no new key, and the pool cache finds the very key it stored (identity before equals).
  private @Nullable PoolKey lastKey;

  static BindingSlot current() {
    return CURRENT.get();
  }

  PoolKey key(UUID environment, CredentialScope scope) {
    PoolKey key = lastKey;
    if (key == null || key.scope() != scope || !key.environmentId().equals(environment)) {
      key = new PoolKey(environment, scope);
      lastKey = key;
    }
    return key;
  }
}
