package io.envprov.controlplane.server;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Created;
import io.envprov.controlplane.web.Idempotency;
import io.envprov.controlplane.web.NameCursor;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import jakarta.validation.Valid;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The database-server routes of schemas/openapi.yaml (platform admins only). */
@RestController
@RequestMapping(path = "/v1/database-servers", produces = "application/json")
class DatabaseServerController {

  private final DatabaseServerService service;
  private final Idempotency idempotency;

  DatabaseServerController(DatabaseServerService service, Idempotency idempotency) {
    this.service = service;
    this.idempotency = idempotency;
  }

  @PostMapping
  ResponseEntity<Object> create(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CreateDatabaseServerRequest body,
      ServerHttpRequest request) {
    return idempotency.once(actor, key, request, body, () -> created(service.create(actor, body)));
  }

  @GetMapping
  Page<DatabaseServerView> list(
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return service.list(PageCursor.decode(cursor), PageCursor.limit(limit));
  }

  @GetMapping("/{id}")
  DatabaseServerView get(@PathVariable UUID id) {
    return service.get(id);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    service.delete(actor, id);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{id}/orphans")
  Page<String> orphans(
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return service.orphans(id, NameCursor.decode(cursor), PageCursor.limit(limit));
  }

  @GetMapping("/{id}/orphan-logins")
  Page<DatabaseServerService.OrphanLogin> orphanLogins(
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return service.orphanLogins(id, NameCursor.decode(cursor), PageCursor.limit(limit));
  }

  @DeleteMapping("/{id}/orphan-logins/{username}")
  ResponseEntity<Void> removeOrphanLogin(
      @AuthenticationPrincipal Actor actor, @PathVariable UUID id, @PathVariable String username) {
    service.removeOrphanLogin(actor, id, username);
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/{id}/orphans/{name}")
  ResponseEntity<Void> removeOrphan(
      @AuthenticationPrincipal Actor actor, @PathVariable UUID id, @PathVariable String name) {
    service.removeOrphan(actor, id, name);
    return ResponseEntity.noContent().build();
  }

  private static ResponseEntity<Object> created(DatabaseServerView view) {
    return Created.at("/v1/database-servers/" + view.id(), view);
  }
}
