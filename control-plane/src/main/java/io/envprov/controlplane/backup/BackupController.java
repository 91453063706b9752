package io.envprov.controlplane.backup;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.EnvPermission;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Idempotency;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The backup routes of schemas/openapi.yaml. Taking and deleting a backup need {@code backup} on
 * its environment (env_admin, org_admin); reading needs {@code read}. A backup of an environment
 * the caller may not see is 404, as one that does not exist.
 */
@RestController
class BackupController {

  private final BackupService service;
  private final Access access;
  private final Idempotency idempotency;

  BackupController(BackupService service, Access access, Idempotency idempotency) {
    this.service = service;
    this.access = access;
    this.idempotency = idempotency;
  }

  /**
   * 202 with the new backup ({@code pending}, its {@code operation_id}) and {@code Location} to
   * {@code /v1/backups/{id}}, which a client polls until it is {@code succeeded} or {@code failed}.
   */
  @PostMapping(path = "/v1/environments/{id}/backups", produces = "application/json")
  ResponseEntity<Object> create(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody(required = false) @Nullable CreateBackupRequest body,
      ServerHttpRequest request) {
    access.requireEnvironment(actor, id, EnvPermission.BACKUP);
    return idempotency.once(
        actor,
        key,
        request,
        body,
        () -> {
          BackupView backup = service.create(actor, id, body);
          return ResponseEntity.status(HttpStatus.ACCEPTED)
              .location(URI.create("/v1/backups/" + backup.id()))
              .body(backup);
        });
  }

  @GetMapping(path = "/v1/environments/{id}/backups", produces = "application/json")
  Page<BackupView> list(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    access.requireEnvironment(actor, id, EnvPermission.READ);
    return service.list(id, PageCursor.decode(cursor), PageCursor.limit(limit));
  }

  @GetMapping(path = "/v1/backups/{id}", produces = "application/json")
  BackupView get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    access.requireEnvironment(actor, service.environmentOf(id), EnvPermission.READ);
    return service.get(id);
  }

  @DeleteMapping(path = "/v1/backups/{id}", produces = "application/json")
  ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    access.requireEnvironment(actor, service.environmentOf(id), EnvPermission.BACKUP);
    service.delete(actor, id);
    return ResponseEntity.noContent().build();
  }
}
