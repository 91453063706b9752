package io.envprov.controlplane.operation;

import static io.envprov.controlplane.store.Tables.Operation.*;

import io.envprov.controlplane.store.Timestamps;
import io.envprov.controlplane.web.ApiException;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Qualifier;
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

  OperationController(@Qualifier("reactive") DSLContext dsl) {
    this.dsl = dsl;
  }

  @GetMapping("/{id}")
  Mono<OperationView> get(@PathVariable UUID id) {
    return Mono.from(dsl.selectFrom(TABLE).where(ID.eq(id)))
        .map(
            r ->
                new OperationView(
                    r.get(ID),
                    r.get(KIND),
                    r.get(RESOURCE_TYPE),
                    r.get(RESOURCE_ID),
                    r.get(STATUS),
                    r.get(ATTEMPTS),
                    r.get(ERROR),
                    r.get(CREATED_BY),
                    Timestamps.utc(r.get(CREATED_AT)),
                    Timestamps.utc(r.get(STARTED_AT)),
                    Timestamps.utc(r.get(FINISHED_AT))))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("operation", id)));
  }
}
