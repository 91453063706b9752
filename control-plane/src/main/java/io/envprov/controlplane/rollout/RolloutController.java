package io.envprov.controlplane.rollout;

import io.envprov.controlplane.domain.RolloutTargetStatus;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.ApiThreads;
import io.envprov.controlplane.web.Idempotency;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
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

/** The rollout routes of schemas/openapi.yaml; plain blocking methods run on {@link ApiThreads}. */
@RestController
class RolloutController {

  private final RolloutService service;
  private final RolloutAccess access;
  private final Idempotency idempotency;

  RolloutController(RolloutService service, RolloutAccess access, Idempotency idempotency) {
    this.service = service;
    this.access = access;
    this.idempotency = idempotency;
  }

  @PostMapping(path = "/v1/rollouts", produces = "application/json")
  ResponseEntity<Object> create(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CreateRolloutRequest body,
      ServerHttpRequest request) {
    access.requireRun(actor, body.selector().organizationId());
    return idempotency.once(
        actor,
        key,
        request,
        body,
        () -> {
          RolloutView rollout = service.create(actor, body);
          return ResponseEntity.status(HttpStatus.ACCEPTED)
              .location(URI.create("/v1/rollouts/" + rollout.id()))
              .body(rollout);
        });
  }

  @GetMapping(path = "/v1/rollouts", produces = "application/json")
  Page<RolloutView> list(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(name = "organization_id", required = false) @Nullable UUID organizationId,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    int size = PageCursor.limit(limit);
    PageCursor after = PageCursor.decode(cursor);
    return service.list(access.visible(actor, organizationId), after, size);
  }

  @GetMapping(path = "/v1/rollouts/{id}", produces = "application/json")
  RolloutView get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    access.requireRead(actor, id);
    return service.get(id);
  }

  @GetMapping(path = "/v1/rollouts/{id}/environments", produces = "application/json")
  Page<RolloutTargetView> environments(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    RolloutTargetStatus wanted = status == null ? null : targetStatus(status);
    int size = PageCursor.limit(limit);
    PositionCursor after = PositionCursor.decode(cursor);
    access.requireRead(actor, id);
    return service.environments(id, wanted, after, size);
  }

  @PostMapping(path = "/v1/rollouts/{id}/pause", produces = "application/json")
  ResponseEntity<Object> pause(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    access.requireManage(actor, id);
    return idempotency.once(
        actor, key, request, null, () -> ResponseEntity.<Object>ok(service.pause(actor, id)));
  }

  @PostMapping(path = "/v1/rollouts/{id}/resume", produces = "application/json")
  ResponseEntity<Object> resume(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    access.requireManage(actor, id);
    return idempotency.once(
        actor, key, request, null, () -> ResponseEntity.<Object>ok(service.resume(actor, id)));
  }

  @PostMapping(path = "/v1/rollouts/{id}/abort", produces = "application/json")
  ResponseEntity<Object> abort(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    access.requireManage(actor, id);
    return idempotency.once(
        actor, key, request, null, () -> ResponseEntity.<Object>ok(service.abort(actor, id)));
  }

  private static RolloutTargetStatus targetStatus(String value) {
    try {
      return RolloutTargetStatus.fromSql(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.validation(
          "status",
          "must be one of "
              + Arrays.stream(RolloutTargetStatus.values())
                  .map(RolloutTargetStatus::sqlValue)
                  .collect(Collectors.joining(", ")));
    }
  }
}
