package io.envprov.provisioner;

import io.envprov.driver.spi.ProvisionedDatabase;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The engine's port to the control-plane store. Each method is one transaction that moves the
 * operation and its environment together and writes the audit event.
 */
public interface OperationStore {

  /**
   * Marks the operation running and counts the attempt. Empty when the operation is unknown or
   * already finished (a redelivered task), so the engine does nothing twice.
   */
  Optional<OperationWork> claim(UUID operationId);

  /**
   * The operation finished: a provision or copy leaves the environment {@code active} with its
   * database facts; a deprovision leaves it {@code archived}.
   */
  void succeeded(OperationWork work, @Nullable ProvisionedDatabase database);

  /** The operation failed for good: the environment is {@code failed} and carries the error. */
  void failed(OperationWork work, String error);
}
