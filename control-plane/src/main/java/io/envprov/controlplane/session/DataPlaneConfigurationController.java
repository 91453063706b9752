package io.envprov.controlplane.session;

import java.time.Duration;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What a data plane needs to verify session tokens, at {@code /.well-known/envprov-configuration}:
 * the issuer, the audience, and where the JWK set, the revocation feed and the connection broker
 * are. A data plane is given the control-plane URL only and reads the rest here, so the issuer (a
 * name, {@code controlplane.sessions.issuer}) need not equal the address the data plane reaches the
 * control plane by. Paths, not URLs: they are resolved against that address. Open, like the JWK
 * set: nothing in it is secret.
 */
@RestController
class DataPlaneConfigurationController {

  static final String PATH = "/.well-known/envprov-configuration";
  private static final Duration MAX_AGE = Duration.ofSeconds(60);

  private final DataPlaneConfiguration configuration;

  DataPlaneConfigurationController(SessionProperties properties) {
    this.configuration =
        new DataPlaneConfiguration(
            properties.issuer(),
            "/.well-known/jwks.json",
            SessionTokens.AUDIENCE,
            List.of("ES256"),
            "/v1/session-revocations",
            "/v1/environments/{environment_id}/connection");
  }

  @GetMapping(path = PATH, produces = "application/json")
  Mono<ResponseEntity<DataPlaneConfiguration>> configuration() {
    return Mono.just(
        ResponseEntity.ok().cacheControl(CacheControl.maxAge(MAX_AGE)).body(configuration));
  }

  /**
   * The document.
   *
   * @param issuer the {@code iss} of every session token
   * @param jwksPath the JWK set whose keys sign them
   * @param sessionTokenAudience the {@code aud} of every session token
   * @param sessionTokenSigningAlgValues the algorithms they are signed with
   * @param sessionRevocationsPath the feed of sessions ended before their tokens expired
   * @param connectionPath the connection broker, {@code {environment_id}} to be filled in
   */
  record DataPlaneConfiguration(
      String issuer,
      String jwksPath,
      String sessionTokenAudience,
      List<String> sessionTokenSigningAlgValues,
      String sessionRevocationsPath,
      String connectionPath) {}
}
