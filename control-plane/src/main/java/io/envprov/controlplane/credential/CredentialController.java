package io.envprov.controlplane.credential;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.EnvPermission;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Idempotency;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import jakarta.validation.Valid;
import java.net.URI;
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
 * The credential routes of schemas/openapi.yaml. A secret is in the response that issues it (issue,
 * rotate) and nowhere else: a replay for the same {@code Idempotency-Key} answers with the
 * credential but without its secret, which is never stored.
 */
@RestController
class CredentialController {

  private final CredentialService service;
  private final Idempotency idempotency;
  private final Access access;

  CredentialController(CredentialService service, Idempotency idempotency, Access access) {
    this.service = service;
    this.idempotency = idempotency;
    this.access = access;
  }

  @PostMapping(path = "/v1/environments/{id}/credentials", produces = "application/json")
  ResponseEntity<Object> issue(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @PathVariable UUID id,
      @Valid @RequestBody IssueCredentialRequest body,
      ServerHttpRequest request) {
    return ofEnvironment(
        actor,
        id,
        () -> withSecret(actor, key, request, body, () -> service.issue(actor, id, body)));
  }

  @GetMapping(path = "/v1/environments/{id}/credentials", produces = "application/json")
  Page<CredentialView> list(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return ofEnvironment(
        actor, id, () -> service.list(id, PageCursor.decode(cursor), PageCursor.limit(limit)));
  }

  @GetMapping(path = "/v1/credentials/{id}", produces = "application/json")
  CredentialView get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    return ofCredential(actor, id, () -> service.get(id));
  }

  @PostMapping(path = "/v1/credentials/{id}/rotate", produces = "application/json")
  ResponseEntity<Object> rotate(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @PathVariable UUID id,
      ServerHttpRequest request) {
    return ofCredential(
        actor, id, () -> withSecret(actor, key, request, null, () -> service.rotate(actor, id)));
  }

  @DeleteMapping(path = "/v1/credentials/{id}", produces = "application/json")
  CredentialView revoke(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    return ofCredential(actor, id, () -> service.revoke(actor, id));
  }

  /** Credentials are managed by who may manage them in their environment (see {@code Roles}). */
  private <T> T ofEnvironment(Actor actor, UUID environmentId, Supplier<T> action) {
    access.requireEnvironment(actor, environmentId, EnvPermission.MANAGE_CREDENTIALS);
    return action.get();
  }

  private <T> T ofCredential(Actor actor, UUID credentialId, Supplier<T> action) {
    return ofEnvironment(actor, service.environmentOfCredential(credentialId), action);
  }

  /** Runs an action that answers with a secret once per Idempotency-Key; replays omit it. */
  private ResponseEntity<Object> withSecret(
      Actor actor,
      @Nullable String key,
      ServerHttpRequest request,
      @Nullable Object body,
      Supplier<CredentialView> action) {
    return idempotency.once(
        actor,
        key,
        request,
        body,
        () -> created(action.get()),
        CredentialController::withoutSecret);
  }

  private static Object withoutSecret(Object body) {
    return body instanceof CredentialView view ? view.withoutSecret() : body;
  }

  private static ResponseEntity<Object> created(CredentialView view) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .location(URI.create("/v1/credentials/" + view.id()))
        .header("Cache-Control", "no-store")
        .body((Object) view);
  }
}
