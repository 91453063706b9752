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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /v1/operations/{id}}. */
@RestController
@RequestMapping(path = "/v1/operations", produces = "application/json")
class OperationController {

  private final DSLContext dsl;
  private final Access access;

  OperationController(@Qualifier("reactive") DSLContext dsl, Access access) {
    this.dsl = dsl;
    this.access = access;
  }

  @GetMapping("/{id}")
  Mono<OperationView> get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    // Visible to whoever may read the environment it acts on; anyone else gets 404.
    return Mono.from(dsl.selectFrom(TABLE).where(ID.eq(id)))
        .flatMap(
            r -> access.environment(actor, r.get(RESOURCE_ID), EnvPermission.READ).thenReturn(r))
        .map(
            r ->
                new OperationView(
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
                    Timestamps.utc(r.get(FINISHED_AT))))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("operation", id)));
  }
}
