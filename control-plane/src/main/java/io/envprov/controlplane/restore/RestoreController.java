package io.envprov.controlplane.restore;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.EnvPermission;
import io.envprov.controlplane.access.OrgPermission;
import io.envprov.controlplane.environment.EnvironmentView;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/backups/{id}/restore} and {@code POST /v1/environments/{id}/reset}. Who may:
 *
 * <ul>
 *   <li>a restore as a new environment: whoever may read the backed-up environment and create
 *       environments in its organization;
 *   <li>a restore in place and a reset: whoever may {@link EnvPermission#RESTORE} the environment
 *       whose contents are replaced (its admins).
 * </ul>
 */
@RestController
class RestoreController {

  private final RestoreService service;
  private final Idempotency idempotency;
  private final Access access;

  RestoreController(RestoreService service, Idempotency idempotency, Access access) {
    this.service = service;
    this.idempotency = idempotency;
    this.access = access;
  }

  @PostMapping(path = "/v1/backups/{id}/restore", produces = "application/json")
  ResponseEntity<Object> restore(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody RestoreRequest body,
      ServerHttpRequest request) {
    body.requireFieldsOfTarget();
    RestoreService.BackupFacts backup = service.backup(id);
    // A backup is seen by those who see its environment: anyone else gets the same 404.
    access.requireEnvironment(actor, backup.environmentId(), EnvPermission.READ);
    if (body.restoreTarget() == RestoreTarget.NEW) {
      access.requireOrganization(actor, backup.organizationId(), OrgPermission.CREATE_ENVIRONMENT);
    } else {
      access.requireEnvironment(actor, backup.environmentId(), EnvPermission.RESTORE);
    }
    return idempotency.once(
        actor, key, request, body, () -> accepted(service.restore(actor, id, body)));
  }

  @PostMapping(path = "/v1/environments/{id}/reset", produces = "application/json")
  ResponseEntity<Object> reset(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    access.requireEnvironment(actor, id, EnvPermission.RESTORE);
    return idempotency.once(actor, key, request, null, () -> accepted(service.reset(actor, id)));
  }

  private static ResponseEntity<Object> accepted(EnvironmentView view) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create("/v1/environments/" + view.id()))
        .eTag(view.etag())
        .body(view);
  }
}
