package io.envprov.controlplane.usage;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.EnvPermission;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Idempotency;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/environments/{id}/usage/refresh}: measures one environment's database now,
 * instead of waiting for the next collection, and answers with its database facts.
 */
@RestController
class UsageController {

  private final UsageCollector collector;
  private final Idempotency idempotency;
  private final Access access;

  UsageController(UsageCollector collector, Idempotency idempotency, Access access) {
    this.collector = collector;
    this.idempotency = idempotency;
    this.access = access;
  }

  @PostMapping(path = "/v1/environments/{id}/usage/refresh", produces = "application/json")
  ResponseEntity<Object> refresh(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    access.requireEnvironment(actor, id, EnvPermission.UPDATE);
    return idempotency.once(
        actor, key, request, null, () -> ResponseEntity.ok((Object) collector.refresh(id)));
  }
}
