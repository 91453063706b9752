package io.envprov.controlplane.session;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Created;
import io.envprov.controlplane.web.Idempotency;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The keys that sign session tokens: published (public halves only) at {@code
 * /.well-known/jwks.json} for data planes, listed and rotated by platform admins.
 */
@RestController
class SessionKeyController {

  private static final java.time.Duration JWKS_MAX_AGE = java.time.Duration.ofSeconds(60);

  private final SigningKeys keys;
  private final Idempotency idempotency;

  SessionKeyController(SigningKeys keys, Idempotency idempotency) {
    this.keys = keys;
    this.idempotency = idempotency;
  }

  /** The public keys that verify session tokens: every key not retired yet. */
  @GetMapping(path = "/.well-known/jwks.json", produces = "application/json")
  ResponseEntity<Map<String, List<Map<String, Object>>>> jwks() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(JWKS_MAX_AGE))
        .body(Map.of("keys", keys.publishedJwks()));
  }

  @GetMapping(path = "/v1/session-keys", produces = "application/json")
  Map<String, List<SigningKeys.KeyInfo>> list() {
    return Map.of("items", keys.list());
  }

  @PostMapping(path = "/v1/session-keys/rotate", produces = "application/json")
  ResponseEntity<Object> rotate(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      ServerHttpRequest request) {
    return idempotency.once(
        actor, key, request, null, () -> Created.at("/v1/session-keys", keys.rotate(actor.name())));
  }
}
