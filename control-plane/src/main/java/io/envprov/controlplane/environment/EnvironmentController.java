package io.envprov.controlplane.environment;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.EnvPermission;
import io.envprov.controlplane.access.OrgPermission;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.Idempotency;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The environment routes of schemas/openapi.yaml. */
@RestController
class EnvironmentController {

  private static final int MAX_WAIT_SECONDS = 60;
  private static final Duration RECHECK = Duration.ofMillis(250);

  private final EnvironmentService service;
  private final Idempotency idempotency;
  private final Access access;
  private final EnvironmentChanges changes;

  EnvironmentController(
      EnvironmentService service,
      Idempotency idempotency,
      Access access,
      EnvironmentChanges changes) {
    this.service = service;
    this.idempotency = idempotency;
    this.access = access;
    this.changes = changes;
  }

  @PostMapping(path = "/v1/organizations/{org_id}/environments", produces = "application/json")
  Mono<ResponseEntity<Object>> create(
      @AuthenticationPrincipal Actor actor,
      @PathVariable("org_id") UUID organizationId,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CreateEnvironmentRequest body,
      ServerHttpRequest request) {
    return access
        .organization(actor, organizationId, OrgPermission.CREATE_ENVIRONMENT)
        .then(
            Mono.defer(
                () ->
                    idempotent(
                        actor,
                        key,
                        request,
                        body,
                        () ->
                            service
                                .create(actor, organizationId, body)
                                .map(EnvironmentController::accepted))));
  }

  @GetMapping(path = "/v1/organizations/{org_id}/environments", produces = "application/json")
  Mono<Page<EnvironmentView>> list(
      @AuthenticationPrincipal Actor actor,
      @PathVariable("org_id") UUID organizationId,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return access
        .organization(actor, organizationId, OrgPermission.READ)
        .then(
            Mono.defer(
                () ->
                    service.list(
                        organizationId, PageCursor.decode(cursor), PageCursor.limit(limit))));
  }

  @GetMapping(path = "/v1/environments/{id}", produces = "application/json")
  Mono<ResponseEntity<EnvironmentView>> get(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(name = "wait_seconds", required = false) @Nullable Integer waitSeconds) {
    if (waitSeconds != null && (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS)) {
      return Mono.error(
          ApiException.validation("wait_seconds", "must be between 0 and " + MAX_WAIT_SECONDS));
    }
    Duration wait = Duration.ofSeconds(waitSeconds == null ? 0 : waitSeconds);
    return allowed(
        actor, id, EnvPermission.READ, () -> settled(id, wait).map(EnvironmentController::ok));
  }

  /**
   * The environment, once it is not {@code provisioning} or {@code deprovisioning} any more, or as
   * it is when {@code wait} runs out: a long poll, so a client waiting for {@code active} neither
   * polls hard nor learns late. This replica's worker signals the change the moment it commits; a
   * change made by another replica is seen by a re-read every {@link #RECHECK}.
   */
  private Mono<EnvironmentView> settled(UUID id, Duration wait) {
    if (wait.isZero()) {
      return service.get(id);
    }
    return Flux.merge(Mono.just(id), changes.of(id), Flux.interval(RECHECK).map(tick -> id))
        .concatMap(tick -> service.get(id))
        .filter(view -> !view.status().transitional())
        .next()
        .timeout(wait, Mono.defer(() -> service.get(id)));
  }

  @PatchMapping(path = "/v1/environments/{id}", produces = "application/json")
  Mono<ResponseEntity<EnvironmentView>> update(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @Valid @RequestBody UpdateEnvironmentRequest body) {
    return allowed(
        actor,
        id,
        EnvPermission.UPDATE,
        () -> service.update(actor, id, ifMatch, body).map(EnvironmentController::ok));
  }

  @PostMapping(path = "/v1/environments/{id}/suspend", produces = "application/json")
  Mono<ResponseEntity<Object>> suspend(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    return allowed(
        actor,
        id,
        EnvPermission.UPDATE,
        () ->
            idempotent(
                actor, key, request, null, () -> service.suspend(actor, id).map(v -> okObject(v))));
  }

  @PostMapping(path = "/v1/environments/{id}/resume", produces = "application/json")
  Mono<ResponseEntity<Object>> resume(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    return allowed(
        actor,
        id,
        EnvPermission.UPDATE,
        () ->
            idempotent(
                actor, key, request, null, () -> service.resume(actor, id).map(v -> okObject(v))));
  }

  @DeleteMapping(path = "/v1/environments/{id}", produces = "application/json")
  Mono<ResponseEntity<Object>> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    return allowed(
        actor,
        id,
        EnvPermission.DELETE,
        () -> service.delete(actor, id).map(EnvironmentController::accepted));
  }

  @PostMapping(path = "/v1/environments/{id}/copy", produces = "application/json")
  Mono<ResponseEntity<Object>> copy(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CopyEnvironmentRequest body,
      ServerHttpRequest request) {
    return allowed(
        actor,
        id,
        EnvPermission.COPY,
        () ->
            idempotent(
                actor,
                key,
                request,
                body,
                () -> service.copy(actor, id, body).map(EnvironmentController::accepted)));
  }

  @PostMapping(path = "/v1/environments/{id}/retry", produces = "application/json")
  Mono<ResponseEntity<Object>> retry(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    return allowed(
        actor,
        id,
        EnvPermission.UPDATE,
        () ->
            idempotent(
                actor,
                key,
                request,
                null,
                () -> service.retry(actor, id).map(EnvironmentController::accepted)));
  }

  @GetMapping(path = "/v1/environments/{id}/database", produces = "application/json")
  Mono<DatabaseView> database(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    return allowed(actor, id, EnvPermission.READ, () -> service.get(id))
        .flatMap(view -> Mono.justOrEmpty(view.database()))
        .switchIfEmpty(
            Mono.error(
                () ->
                    io.envprov.controlplane.web.ApiException.notFound(
                        "database of environment", id)));
  }

  private <T> Mono<T> allowed(
      Actor actor, UUID environmentId, EnvPermission permission, Supplier<Mono<T>> action) {
    return access.environment(actor, environmentId, permission).then(Mono.defer(action));
  }

  private Mono<ResponseEntity<Object>> idempotent(
      Actor actor,
      @Nullable String key,
      ServerHttpRequest request,
      @Nullable Object body,
      Supplier<Mono<ResponseEntity<Object>>> action) {
    return idempotency.post(actor, key, request, body, action);
  }

  static ResponseEntity<Object> accepted(EnvironmentView view) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create("/v1/environments/" + view.id()))
        .eTag(view.etag())
        .body(view);
  }

  private static ResponseEntity<EnvironmentView> ok(EnvironmentView view) {
    return ResponseEntity.ok().eTag(view.etag()).body(view);
  }

  private static ResponseEntity<Object> okObject(EnvironmentView view) {
    return ResponseEntity.ok().eTag(view.etag()).body(view);
  }
}
