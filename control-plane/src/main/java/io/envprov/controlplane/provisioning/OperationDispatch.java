package io.envprov.controlplane.provisioning;

import static io.envprov.controlplane.store.Tables.Operation.*;

import io.envprov.controlplane.backup.BackupOperations;
import io.envprov.controlplane.packages.PackageOperations;
import io.envprov.controlplane.restore.RestoreOperations;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationRunner;
import io.envprov.provisioner.ProvisioningEngine;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Hands each execution of the {@code operation} task to whoever runs its kind: the provisioning
 * engine for the lifecycle kinds (provision, copy, deprovision, restore), the packages feature for
 * installs and promotions, the backups feature for backups, the restore feature for in-place
 * restores and resets. One task for every kind, so an operation is enqueued the same way whatever
 * it does.
 */
final class OperationDispatch implements OperationRunner {

  private final DSLContext dsl;
  private final ProvisioningEngine engine;
  private final PackageOperations packages;
  private final BackupOperations backups;
  private final RestoreOperations restores;

  OperationDispatch(
      DSLContext dsl,
      ProvisioningEngine engine,
      PackageOperations packages,
      BackupOperations backups,
      RestoreOperations restores) {
    this.dsl = dsl;
    this.engine = engine;
    this.packages = packages;
    this.backups = backups;
    this.restores = restores;
  }

  @Override
  public void run(UUID operationId) {
    String kind = dsl.select(KIND).from(TABLE).where(ID.eq(operationId)).fetchOne(KIND);
    if (kind == null) {
      return; // unknown: nothing to do, as the engine would conclude
    }
    OperationKind operationKind = OperationKind.fromSql(kind);
    if (operationKind.lifecycle()) {
      engine.run(operationId);
    } else if (operationKind == OperationKind.BACKUP) {
      backups.run(operationId);
    } else if (RestoreOperations.runs(operationKind)) {
      restores.run(operationId);
    } else {
      packages.run(operationId);
    }
  }
}
