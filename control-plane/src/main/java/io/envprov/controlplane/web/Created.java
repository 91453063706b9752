package io.envprov.controlplane.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The answer of a POST that creates a resource: 201 with its {@code Location}. Typed as the actions
 * {@link Idempotency#once} runs, so a controller writes {@code () -> created(service.create(...))}.
 */
public final class Created {

  private Created() {}

  /** 201 with {@code Location: location} and the created resource as body. */
  public static ResponseEntity<Object> at(String location, Object body) {
    return ResponseEntity.status(HttpStatus.CREATED).location(URI.create(location)).body(body);
  }
}
