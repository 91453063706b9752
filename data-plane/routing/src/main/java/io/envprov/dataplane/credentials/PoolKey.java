package io.envprov.dataplane.credentials;

import io.envprov.driver.spi.CredentialScope;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** What a pool and its credential are kept for: one environment, one scope. */
public record PoolKey(UUID environmentId, CredentialScope scope) {

  public PoolKey {
    Objects.requireNonNull(environmentId, "environmentId");
    Objects.requireNonNull(scope, "scope");
  }

  // Spelled out: looked up in the pool cache on every borrow, and cheaper than the generated
  // record methods (no identity hash of the enum, no method-handle combinators).
  @Override
  public boolean equals(Object other) {
    return this == other
        || other instanceof PoolKey key
            && scope == key.scope
            && environmentId.equals(key.environmentId);
  }

  @Override
  public int hashCode() {
    return 31 * environmentId.hashCode() + scope.ordinal();
  }

  /** The scope as the broker's query parameter spells it. */
  public String scopeParameter() {
    return scope.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return environmentId + "/" + scopeParameter();
  }
}
