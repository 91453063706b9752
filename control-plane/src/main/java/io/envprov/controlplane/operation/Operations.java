package io.envprov.controlplane.operation;

import static io.envprov.controlplane.store.Tables.Operation.*;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.EnvPermission;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationStatus;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Service;

/** Reads operations for the API; the store stays behind this service, not in the controller. */
@Service
class Operations {

  private final DSLContext dsl;
  private final Access access;

  Operations(DSLContext dsl, Access access) {
    this.dsl = dsl;
    this.access = access;
  }

  /** The operation, if {@code actor} may read the environment it acts on; 404 otherwise. */
  OperationView find(Actor actor, UUID id) {
    Record r = dsl.selectFrom(TABLE).where(ID.eq(id)).fetchOne();
    if (r == null) {
      throw ApiException.notFound("operation", id);
    }
    access.requireEnvironment(actor, r.get(RESOURCE_ID), EnvPermission.READ);
    return new OperationView(
        r.get(ID),
        OperationKind.fromSql(r.get(KIND)).sqlValue(),
        r.get(RESOURCE_TYPE),
        r.get(RESOURCE_ID),
        OperationStatus.fromSql(r.get(STATUS)).sqlValue(),
        r.get(ATTEMPTS),
        r.get(ERROR),
        r.get(CREATED_BY),
        Timestamps.utc(r.get(CREATED_AT)),
        Timestamps.utc(r.get(STARTED_AT)),
        Timestamps.utc(r.get(FINISHED_AT)));
  }
}
