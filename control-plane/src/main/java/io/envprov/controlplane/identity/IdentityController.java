package io.envprov.controlplane.identity;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Created;
import io.envprov.controlplane.web.Idempotency;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import jakarta.validation.Valid;
import java.util.UUID;
import java.util.function.Supplier;
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
 * The identity routes of schemas/openapi.yaml: users (created and disabled by platform admins),
 * their API keys (shown once, stored hashed, listed without the key, revocable, optionally
 * expiring), and data-plane service accounts (platform admins), scoped to organizations and a
 * highest scope.
 */
@RestController
class IdentityController {

  private final IdentityService service;
  private final ServiceAccountService serviceAccounts;
  private final Idempotency idempotency;

  IdentityController(
      IdentityService service, ServiceAccountService serviceAccounts, Idempotency idempotency) {
    this.service = service;
    this.serviceAccounts = serviceAccounts;
    this.idempotency = idempotency;
  }

  @PostMapping(path = "/v1/users", produces = "application/json")
  ResponseEntity<Object> createUser(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CreateUserRequest body,
      ServerHttpRequest request) {
    return idempotency.once(
        actor, key, request, body, () -> created(service.createUser(actor, body)));
  }

  @GetMapping(path = "/v1/users/{id}", produces = "application/json")
  UserView user(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    return service.user(actor, id);
  }

  @PostMapping(path = "/v1/users/{id}/api-keys", produces = "application/json")
  ResponseEntity<Object> createKey(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @PathVariable UUID id,
      @Valid @RequestBody(required = false) @Nullable CreateApiKeyRequest body,
      ServerHttpRequest request) {
    return issuing(actor, key, request, body, () -> service.createUserKey(actor, id, body));
  }

  @GetMapping(path = "/v1/users/{id}/api-keys", produces = "application/json")
  Page<ApiKeyView> keys(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return service.keys(actor, id, PageCursor.decode(cursor), PageCursor.limit(limit));
  }

  @PostMapping(path = "/v1/users/{id}/disable", produces = "application/json")
  ResponseEntity<Object> disable(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @PathVariable UUID id,
      ServerHttpRequest request) {
    return idempotency.once(
        actor, key, request, null, () -> ResponseEntity.ok((Object) service.disable(actor, id)));
  }

  @DeleteMapping(path = "/v1/api-keys/{id}")
  ResponseEntity<Void> revokeKey(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    service.revokeKey(actor, id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping(path = "/v1/service-accounts", produces = "application/json")
  ResponseEntity<Object> createServiceAccount(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CreateServiceAccountRequest body,
      ServerHttpRequest request) {
    return issuing(actor, key, request, body, () -> serviceAccounts.create(actor, body));
  }

  private static ResponseEntity<Object> created(UserView user) {
    return Created.at("/v1/users/" + user.id(), user);
  }

  /** Issues an API key (a user's or a service account's) once per Idempotency-Key. */
  private ResponseEntity<Object> issuing(
      Actor actor,
      @Nullable String key,
      ServerHttpRequest request,
      @Nullable Object body,
      Supplier<Object> issue) {
    return idempotency.once(
        actor, key, request, body, () -> issued(issue.get()), IdentityController::withoutKey);
  }

  private static ResponseEntity<Object> issued(Object view) {
    return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(view);
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
    if (body instanceof ServiceAccountView view) {
      return view.withoutKey();
    }
    return body;
  }
}
