package io.envprov.controlplane.environment;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.EnvPermission;
import io.envprov.controlplane.access.OrgPermission;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ApiThreads;
import io.envprov.controlplane.web.Idempotency;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
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

/**
 * The environment routes of schemas/openapi.yaml. Plain blocking methods (WebFlux runs them on
 * {@link ApiThreads}), except the long poll of {@code GET /v1/environments/{id}?wait_seconds},
 * which waits without holding a thread.
 */
@RestController
class EnvironmentController {

  private static final int MAX_WAIT_SECONDS = 60;
  private static final Duration RECHECK = Duration.ofMillis(250);

  private final EnvironmentService service;
  private final Idempotency idempotency;
  private final Access access;
  private final EnvironmentChanges changes;
  private final ApiThreads apiThreads;

  EnvironmentController(
      EnvironmentService service,
      Idempotency idempotency,
      Access access,
      EnvironmentChanges changes,
      ApiThreads apiThreads) {
    this.service = service;
    this.idempotency = idempotency;
    this.access = access;
    this.changes = changes;
    this.apiThreads = apiThreads;
  }

  @PostMapping(path = "/v1/organizations/{org_id}/environments", produces = "application/json")
  ResponseEntity<Object> create(
      @AuthenticationPrincipal Actor actor,
      @PathVariable("org_id") UUID organizationId,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CreateEnvironmentRequest body,
      ServerHttpRequest request) {
    access.requireOrganization(actor, organizationId, OrgPermission.CREATE_ENVIRONMENT);
    return idempotency.once(
        actor, key, request, body, () -> accepted(service.create(actor, organizationId, body)));
  }

  @GetMapping(path = "/v1/organizations/{org_id}/environments", produces = "application/json")
  Page<EnvironmentView> list(
      @AuthenticationPrincipal Actor actor,
      @PathVariable("org_id") UUID organizationId,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(name = "include_deleted", required = false) @Nullable Boolean includeDeleted) {
    access.requireOrganization(actor, organizationId, OrgPermission.READ);
    return service.list(
        organizationId,
        PageCursor.decode(cursor),
        PageCursor.limit(limit),
        Boolean.TRUE.equals(includeDeleted));
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
    return apiThreads
        .run(() -> access.requireEnvironment(actor, id, EnvPermission.READ))
        .then(Mono.defer(() -> settled(id, wait)))
        .map(EnvironmentController::ok);
  }

  /**
   * The environment, once it is not {@code provisioning} or {@code deprovisioning} any more, or as
   * it is when {@code wait} runs out: a long poll, so a client waiting for {@code active} neither
   * polls hard nor learns late. This replica's worker signals the change the moment it commits; a
   * change made by another replica is seen by a re-read every {@link #RECHECK}. Each read runs on
   * the API threads; between reads the request holds none.
   */
  private Mono<EnvironmentView> settled(UUID id, Duration wait) {
    Mono<EnvironmentView> read = apiThreads.call(() -> service.get(id));
    if (wait.isZero()) {
      return read;
    }
    return Flux.merge(
            Mono.just(id),
            changes.of(id),
            // A tick that comes while a read is still running is dropped, not queued.
            Flux.interval(RECHECK).onBackpressureDrop().map(tick -> id))
        .concatMap(tick -> read, 1)
        .filter(view -> !view.status().transitional())
        .next()
        .timeout(wait, read);
  }

  @PatchMapping(path = "/v1/environments/{id}", produces = "application/json")
  ResponseEntity<EnvironmentView> update(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @Valid @RequestBody UpdateEnvironmentRequest body) {
    access.requireEnvironment(actor, id, EnvPermission.UPDATE);
    return ok(service.update(actor, id, ifMatch, body));
  }

  @PostMapping(path = "/v1/environments/{id}/suspend", produces = "application/json")
  ResponseEntity<Object> suspend(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    access.requireEnvironment(actor, id, EnvPermission.UPDATE);
    return idempotency.once(actor, key, request, null, () -> okObject(service.suspend(actor, id)));
  }

  @PostMapping(path = "/v1/environments/{id}/resume", produces = "application/json")
  ResponseEntity<Object> resume(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    access.requireEnvironment(actor, id, EnvPermission.UPDATE);
    return idempotency.once(actor, key, request, null, () -> okObject(service.resume(actor, id)));
  }

  @DeleteMapping(path = "/v1/environments/{id}", produces = "application/json")
  ResponseEntity<Object> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    access.requireEnvironment(actor, id, EnvPermission.DELETE);
    return accepted(service.delete(actor, id));
  }

  @PostMapping(path = "/v1/environments/{id}/recover", produces = "application/json")
  ResponseEntity<Object> recover(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    access.requireEnvironment(actor, id, EnvPermission.DELETE);
    return idempotency.once(actor, key, request, null, () -> okObject(service.recover(actor, id)));
  }

  @PostMapping(path = "/v1/environments/{id}/copy", produces = "application/json")
  ResponseEntity<Object> copy(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CopyEnvironmentRequest body,
      ServerHttpRequest request) {
    access.requireEnvironment(actor, id, EnvPermission.COPY);
    return idempotency.once(
        actor, key, request, body, () -> accepted(service.copy(actor, id, body)));
  }

  @PostMapping(path = "/v1/environments/{id}/retry", produces = "application/json")
  ResponseEntity<Object> retry(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    access.requireEnvironment(actor, id, EnvPermission.UPDATE);
    return idempotency.once(actor, key, request, null, () -> accepted(service.retry(actor, id)));
  }

  @GetMapping(path = "/v1/environments/{id}/database", produces = "application/json")
  DatabaseView database(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    access.requireEnvironment(actor, id, EnvPermission.READ);
    DatabaseView database = service.get(id).database();
    if (database == null) {
      throw ApiException.notFound("database of environment", id);
    }
    return database;
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
