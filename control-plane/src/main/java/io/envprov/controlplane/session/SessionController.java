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
import reactor.core.publisher.Mono;

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
  Mono<ResponseEntity<Object>> open(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody(required = false) @Nullable OpenSessionRequest body,
      ServerHttpRequest request) {
    OpenSessionRequest effective = body == null ? new OpenSessionRequest(null) : body;
    return idempotency.post(
        actor,
        key,
        request,
        effective,
        () ->
            service
                .open(actor, effective.activeEnvironmentId())
                .map(view -> issued(HttpStatus.CREATED, view)),
        SessionController::withoutToken);
  }

  @PutMapping(path = "/v1/sessions/current", produces = "application/json")
  Mono<ResponseEntity<Object>> switchEnvironment(
      @AuthenticationPrincipal Actor actor, @Valid @RequestBody SwitchSessionRequest body) {
    return service
        .switchEnvironment(actor, body.activeEnvironmentId())
        .map(view -> issued(HttpStatus.OK, view));
  }

  @DeleteMapping(path = "/v1/sessions/current")
  Mono<ResponseEntity<Void>> close(@AuthenticationPrincipal Actor actor) {
    return service.close(actor).then(Mono.just(ResponseEntity.noContent().build()));
  }

  /** "Log out everywhere": every open session of the calling user is revoked. */
  @DeleteMapping(path = "/v1/sessions")
  Mono<ResponseEntity<Void>> revokeAll(@AuthenticationPrincipal Actor actor) {
    return service.revokeAll(actor).then(Mono.just(ResponseEntity.noContent().build()));
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
