package io.envprov.controlplane.session;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Idempotency;
import jakarta.validation.Valid;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The session routes of schemas/openapi.yaml. A token is in the response that issues it and nowhere
 * else: a replay of {@code POST /v1/sessions} for the same {@code Idempotency-Key} answers with the
 * session but without a token (tokens are never stored); open another session to get one.
 */
@RestController
class SessionController {

  private final SessionService service;
  private final Idempotency idempotency;

  SessionController(SessionService service, Idempotency idempotency) {
    this.service = service;
    this.idempotency = idempotency;
  }

  @PostMapping(path = "/v1/sessions", produces = "application/json")
  ResponseEntity<Object> open(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody(required = false) @Nullable OpenSessionRequest body,
      ServerHttpRequest request) {
    OpenSessionRequest effective = body == null ? new OpenSessionRequest(null) : body;
    return idempotency.once(
        actor,
        key,
        request,
        effective,
        () -> issued(HttpStatus.CREATED, service.open(actor, effective.activeEnvironmentId())),
        SessionController::withoutToken);
  }

  @PutMapping(path = "/v1/sessions/current", produces = "application/json")
  ResponseEntity<Object> switchEnvironment(
      @AuthenticationPrincipal Actor actor, @Valid @RequestBody SwitchSessionRequest body) {
    return issued(HttpStatus.OK, service.switchEnvironment(actor, body.activeEnvironmentId()));
  }

  @DeleteMapping(path = "/v1/sessions/current")
  ResponseEntity<Void> close(@AuthenticationPrincipal Actor actor) {
    service.close(actor);
    return ResponseEntity.noContent().build();
  }

  /** "Log out everywhere": every open session of the calling user is revoked. */
  @DeleteMapping(path = "/v1/sessions")
  ResponseEntity<Void> revokeAll(@AuthenticationPrincipal Actor actor) {
    service.revokeAll(actor);
    return ResponseEntity.noContent().build();
  }

  private static Object withoutToken(Object body) {
    return body instanceof SessionView view ? view.withoutToken() : body;
  }

  private static ResponseEntity<Object> issued(HttpStatus status, SessionView view) {
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(status).header("Cache-Control", "no-store");
    if (status == HttpStatus.CREATED) {
      builder.location(URI.create("/v1/sessions/current"));
    }
    return builder.body((Object) view);
  }
}
