package io.envprov.controlplane.provisioning;

import static io.envprov.controlplane.store.Tables.Operation.*;

import io.envprov.controlplane.packages.PackageOperations;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationRunner;
import io.envprov.provisioner.ProvisioningEngine;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Hands each execution of the {@code operation} task to whoever runs its kind: the provisioning
 * engine for the lifecycle kinds (provision, copy, deprovision), the packages feature for installs
 * and promotions. One task for every kind, so an operation is enqueued the same way whatever it
 * does.
 */
final class OperationDispatch implements OperationRunner {

  private final DSLContext dsl;
  private final ProvisioningEngine engine;
  private final PackageOperations packages;

  OperationDispatch(DSLContext dsl, ProvisioningEngine engine, PackageOperations packages) {
    this.dsl = dsl;
    this.engine = engine;
    this.packages = packages;
  }

  @Override
  public void run(UUID operationId) {
    String kind = dsl.select(KIND).from(TABLE).where(ID.eq(operationId)).fetchOne(KIND);
    if (kind == null) {
      return; // unknown: nothing to do, as the engine would conclude
    }
    if (OperationKind.fromSql(kind).lifecycle()) {
      engine.run(operationId);
    } else {
      packages.run(operationId);
    }
  }
}
