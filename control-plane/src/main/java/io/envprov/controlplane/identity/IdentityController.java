package io.envprov.controlplane.identity;

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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The identity routes of API.md: users (created by platform admins), their API keys (shown once,
 * stored hashed, revocable), and data-plane service accounts (platform admins).
 */
@RestController
class IdentityController {

  private final IdentityService service;
  private final Idempotency idempotency;

  IdentityController(IdentityService service, Idempotency idempotency) {
    this.service = service;
    this.idempotency = idempotency;
  }

  @PostMapping(path = "/v1/users", produces = "application/json")
  Mono<ResponseEntity<Object>> createUser(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CreateUserRequest body,
      ServerHttpRequest request) {
    return idempotency.post(
        actor,
        key,
        request,
        body,
        () ->
            service
                .createUser(actor, body)
                .map(
                    user ->
                        ResponseEntity.status(HttpStatus.CREATED)
                            .location(URI.create("/v1/users/" + user.id()))
                            .body((Object) user)));
  }

  @GetMapping(path = "/v1/users/{id}", produces = "application/json")
  Mono<UserView> user(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    return service.user(actor, id);
  }

  @PostMapping(path = "/v1/users/{id}/api-keys", produces = "application/json")
  Mono<ResponseEntity<Object>> createKey(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @PathVariable UUID id,
      @Valid @RequestBody(required = false) @Nullable CreateApiKeyRequest body,
      ServerHttpRequest request) {
    return idempotency.post(
        actor,
        key,
        request,
        body,
        () ->
            service
                .createUserKey(actor, id, body == null ? null : body.name())
                .map(IdentityController::created),
        IdentityController::withoutKey);
  }

  @DeleteMapping(path = "/v1/api-keys/{id}")
  Mono<ResponseEntity<Void>> revokeKey(
      @AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    return service.revokeKey(actor, id).thenReturn(ResponseEntity.noContent().build());
  }

  @PostMapping(path = "/v1/service-accounts", produces = "application/json")
  Mono<ResponseEntity<Object>> createServiceAccount(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CreateServiceAccountRequest body,
      ServerHttpRequest request) {
    return idempotency.post(
        actor,
        key,
        request,
        body,
        () -> service.createServiceAccount(actor, body).map(IdentityController::created),
        IdentityController::withoutKey);
  }

  private static ResponseEntity<Object> created(IssuedKeyView view) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .header("Cache-Control", "no-store")
        .body((Object) view);
  }

  /** What an Idempotency-Key replay may keep: never the key itself. */
  private static Object withoutKey(Object body) {
    if (body instanceof IssuedKeyView view) {
      return java.util.Map.of(
          "id", view.id(),
          "name", view.name(),
          "role", view.role(),
          "prefix", view.prefix(),
          "created_at", view.createdAt());
    }
    return body;
  }
}
