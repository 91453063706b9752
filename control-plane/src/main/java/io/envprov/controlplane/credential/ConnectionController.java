package io.envprov.controlplane.credential;

import io.envprov.controlplane.domain.Scopes;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.ApiException;
import io.envprov.driver.spi.CredentialScope;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
  ResponseEntity<ConnectionView> connection(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable String scope) {
    Optional<CredentialScope> asked =
        scope == null || scope.isEmpty()
            ? Optional.of(Scopes.DEFAULT)
            : CredentialScope.parse(scope);
    if (asked.isEmpty()) {
      throw ApiException.validation(
          "scope", Scopes.eitherMessage(List.of(CredentialScope.values())));
    }
    ConnectionView view = service.connection(actor, id, asked.get());
    return ResponseEntity.ok().header("Cache-Control", "no-store").body(view);
  }
}
