package io.envprov.controlplane.credential;

import io.envprov.controlplane.web.ApiException;
import io.envprov.driver.spi.DriverException;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /v1/environments/{id}/connection?scope=}: the connection broker, for data-plane
 * service principals only (the security configuration lets no one else reach it).
 */
@RestController
class ConnectionController {

  private final CredentialRecords records;
  private final ConnectionBroker broker;

  ConnectionController(CredentialRecords records, ConnectionBroker broker) {
    this.records = records;
    this.broker = broker;
  }

  @GetMapping(path = "/v1/environments/{id}/connection", produces = "application/json")
  Mono<ResponseEntity<ConnectionView>> connection(
      @PathVariable UUID id, @RequestParam(defaultValue = "readwrite") String scope) {
    if (!scope.matches("^(readwrite|readonly|admin)$")) {
      return Mono.error(ApiException.validation("scope", "must be readwrite, readonly or admin"));
    }
    return Mono.fromCallable(
            () ->
                broker.connection(
                    records
                        .targetOfEnvironment(id)
                        .orElseThrow(() -> ApiException.notFound("environment", id)),
                    ConnectionBroker.scope(scope)))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(CredentialConflict.class, e -> ApiException.invalidState(e.getMessage()))
        .onErrorMap(
            DriverException.class,
            e ->
                new ApiException(
                    io.envprov.controlplane.web.ErrorCode.SERVICE_UNAVAILABLE,
                    "the database server cannot issue a credential now; retry later"))
        .map(view -> ResponseEntity.ok().header("Cache-Control", "no-store").body(view));
  }
}
