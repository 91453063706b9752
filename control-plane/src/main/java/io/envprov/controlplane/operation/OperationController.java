package io.envprov.controlplane.operation;

import io.envprov.controlplane.security.Actor;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/operations/{id}}. */
@RestController
@RequestMapping(path = "/v1/operations", produces = "application/json")
class OperationController {

  private final Operations operations;

  OperationController(Operations operations) {
    this.operations = operations;
  }

  @GetMapping("/{id}")
  OperationView get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    // Visible to whoever may read the environment it acts on; anyone else gets 404.
    return operations.find(actor, id);
  }
}
