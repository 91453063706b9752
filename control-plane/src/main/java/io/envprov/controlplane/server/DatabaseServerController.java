package io.envprov.controlplane.server;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Idempotency;
import io.envprov.controlplane.web.NameCursor;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

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
  Mono<ResponseEntity<Object>> create(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CreateDatabaseServerRequest body,
      ServerHttpRequest request) {
    return idempotency.post(
        actor,
        key,
        request,
        body,
        () ->
            service
                .create(actor, body)
                .map(
                    view ->
                        ResponseEntity.status(HttpStatus.CREATED)
                            .location(URI.create("/v1/database-servers/" + view.id()))
                            .body((Object) view)));
  }

  @GetMapping
  Mono<Page<DatabaseServerView>> list(
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return Mono.defer(() -> service.list(PageCursor.decode(cursor), PageCursor.limit(limit)));
  }

  @GetMapping("/{id}")
  Mono<DatabaseServerView> get(@PathVariable UUID id) {
    return service.get(id);
  }

  @DeleteMapping("/{id}")
  Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    return service.delete(actor, id).thenReturn(ResponseEntity.noContent().build());
  }

  @GetMapping("/{id}/orphans")
  Mono<Page<String>> orphans(
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return Mono.defer(
        () -> service.orphans(id, NameCursor.decode(cursor), PageCursor.limit(limit)));
  }

  @GetMapping("/{id}/orphan-logins")
  Mono<Page<DatabaseServerService.OrphanLogin>> orphanLogins(
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return Mono.defer(
        () -> service.orphanLogins(id, NameCursor.decode(cursor), PageCursor.limit(limit)));
  }

  @DeleteMapping("/{id}/orphan-logins/{username}")
  Mono<ResponseEntity<Void>> removeOrphanLogin(
      @AuthenticationPrincipal Actor actor, @PathVariable UUID id, @PathVariable String username) {
    return service
        .removeOrphanLogin(actor, id, username)
        .thenReturn(ResponseEntity.noContent().build());
  }

  @DeleteMapping("/{id}/orphans/{name}")
  Mono<ResponseEntity<Void>> removeOrphan(
      @AuthenticationPrincipal Actor actor, @PathVariable UUID id, @PathVariable String name) {
    return service.removeOrphan(actor, id, name).thenReturn(ResponseEntity.noContent().build());
  }
}
