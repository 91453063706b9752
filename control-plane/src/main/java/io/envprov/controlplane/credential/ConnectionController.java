package io.envprov.controlplane.credential;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.ApiException;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/environments/{id}/connection?scope=}: the connection broker, for data-plane
 * service principals only (the security configuration lets no one else reach it), and of those only
 * for the organizations and up to the scope each was granted ({@link ServiceAccountGrants}).
 */
@RestController
class ConnectionController {

  private final CredentialService service;

  ConnectionController(CredentialService service) {
    this.service = service;
  }

  @GetMapping(path = "/v1/environments/{id}/connection", produces = "application/json")
  Mono<ResponseEntity<ConnectionView>> connection(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(defaultValue = "readwrite") String scope) {
    if (!scope.matches("^(readwrite|readonly|admin)$")) {
      return Mono.error(ApiException.validation("scope", "must be readwrite, readonly or admin"));
    }
    return service
        .connection(actor, id, scope)
        .map(view -> ResponseEntity.ok().header("Cache-Control", "no-store").body(view));
  }
}
