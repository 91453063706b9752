package io.envprov.provisioner;

import java.util.UUID;

/**
 * Executes one operation by its id, if it is still to be done. The {@link OperationTask} hands each
 * execution to one: the provisioning engine for the lifecycle kinds, or whatever the control plane
 * dispatches the other kinds to.
 */
@FunctionalInterface
public interface OperationRunner {

  /** Executes the operation if it is still to be done; does nothing for a finished one. */
  void run(UUID operationId);
}
