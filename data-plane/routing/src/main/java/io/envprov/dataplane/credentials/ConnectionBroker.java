package io.envprov.dataplane.credentials;

import java.util.concurrent.CompletableFuture;

/**
 * Where connection facts come from: the control plane's {@code GET
 * /v1/environments/{id}/connection?scope=...}. Implementations never log the secret.
 */
public interface ConnectionBroker {

  /**
   * The current connection facts for {@code key}: completes exceptionally with a {@link
   * ConnectionBrokerException} when the broker refuses or cannot be reached.
   */
  CompletableFuture<ConnectionFacts> fetch(PoolKey key);
}
