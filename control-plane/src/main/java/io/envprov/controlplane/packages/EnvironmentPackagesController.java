package io.envprov.controlplane.packages;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.EnvPermission;
import io.envprov.controlplane.operation.OperationView;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Idempotency;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An environment's packages: read them (live from its database), install one, promote another
 * environment's into it, compare its schema with another's. Installing and promoting need {@code
 * install_packages} on the environment (env_admin, org_admin); reading needs {@code read}, on both
 * environments where two are named.
 */
@RestController
class EnvironmentPackagesController {

  private final EnvironmentPackagesService service;
  private final SchemaDiffs diffs;
  private final Access access;
  private final Idempotency idempotency;

  EnvironmentPackagesController(
      EnvironmentPackagesService service,
      SchemaDiffs diffs,
      Access access,
      Idempotency idempotency) {
    this.service = service;
    this.diffs = diffs;
    this.access = access;
    this.idempotency = idempotency;
  }

  @PostMapping(path = "/v1/environments/{id}/packages", produces = "application/json")
  ResponseEntity<Object> install(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody InstallPackageRequest body,
      ServerHttpRequest request) {
    access.requireEnvironment(actor, id, EnvPermission.INSTALL_PACKAGES);
    return idempotency.once(
        actor, key, request, body, () -> accepted(service.install(actor, id, body)));
  }

  @GetMapping(path = "/v1/environments/{id}/packages", produces = "application/json")
  EnvironmentPackagesView list(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    access.requireEnvironment(actor, id, EnvPermission.READ);
    return service.list(id);
  }

  @PostMapping(path = "/v1/environments/{id}/promote", produces = "application/json")
  ResponseEntity<Object> promote(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody PromoteRequest body,
      ServerHttpRequest request) {
    access.requireEnvironment(actor, id, EnvPermission.INSTALL_PACKAGES);
    access.requireEnvironment(actor, body.fromEnvironmentId(), EnvPermission.READ);
    return idempotency.once(
        actor, key, request, body, () -> accepted(service.promote(actor, id, body)));
  }

  @GetMapping(path = "/v1/environments/{id}/schema-diff", produces = "application/json")
  SchemaDiffView schemaDiff(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam("with") UUID other) {
    access.requireEnvironment(actor, id, EnvPermission.READ);
    access.requireEnvironment(actor, other, EnvPermission.READ);
    return diffs.diff(id, other);
  }

  private static ResponseEntity<Object> accepted(OperationView operation) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create("/v1/operations/" + operation.id()))
        .body(operation);
  }
}
