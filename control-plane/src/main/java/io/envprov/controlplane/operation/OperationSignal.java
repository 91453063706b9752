package io.envprov.controlplane.operation;

/**
 * Tells the local worker that operations are due, so it need not wait for its next poll. Replicas
 * without a worker ignore it; their operations are found by the workers' polling.
 */
public interface OperationSignal {

  void operationsDue();

  OperationSignal NONE = () -> {};
}
