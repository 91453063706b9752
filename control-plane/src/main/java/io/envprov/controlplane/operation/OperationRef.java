package io.envprov.controlplane.operation;

import java.util.UUID;

/** A link to an operation, as returned with 202 responses: {@code {"id", "href"}}. */
public record OperationRef(UUID id, String href) {

  public static OperationRef of(UUID id) {
    return new OperationRef(id, "/v1/operations/" + id);
  }
}
