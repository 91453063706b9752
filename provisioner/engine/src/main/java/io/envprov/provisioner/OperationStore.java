package io.envprov.provisioner;

import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionedDatabase;
import java.util.List;
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
   * Whether this attempt is still the operation's current one. An attempt whose worker stalled past
   * its heartbeats has had the operation revived and claimed again elsewhere; it must then leave
   * the database and the outcome to the current attempt.
   */
  boolean isCurrent(OperationWork work);

  /**
   * The operation finished: a provision or copy leaves the environment {@code active} with its
   * database facts; a deprovision leaves it {@code archived} and its credentials revoked.
   */
  void succeeded(OperationWork work, @Nullable ProvisionedDatabase database);

  /**
   * The credentials a provision or copy issues before its environment may turn {@code active} (an
   * {@code admin} and a {@code readwrite} one), the same on every attempt of the operation.
   */
  List<PlannedCredential> initialCredentials(OperationWork work);

  /**
   * Keeps an issued credential, sealed; it is stored with the operation's outcome, in the
   * transaction of {@link #succeeded}. Idempotent by the credential's id: keeping it again after a
   * re-issue replaces the secret.
   *
   * @throws io.envprov.driver.spi.DriverException (transient) when the secret cannot be sealed now
   */
  void credentialIssued(OperationWork work, PlannedCredential planned, IssuedCredential issued);

  /**
   * The operation failed for good: the environment is {@code failed} and carries the error; the
   * credentials issued for it are revoked (compensation dropped their logins).
   */
  void failed(OperationWork work, String error);
}
