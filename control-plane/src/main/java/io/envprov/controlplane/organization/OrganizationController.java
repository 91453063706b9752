package io.envprov.controlplane.organization;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.OrgPermission;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Created;
import io.envprov.controlplane.web.Idempotency;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import jakarta.validation.Valid;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The organization routes of schemas/openapi.yaml. */
@RestController
@RequestMapping(path = "/v1/organizations", produces = "application/json")
class OrganizationController {

  private final OrganizationService service;
  private final Idempotency idempotency;
  private final Access access;

  OrganizationController(OrganizationService service, Idempotency idempotency, Access access) {
    this.service = service;
    this.idempotency = idempotency;
    this.access = access;
  }

  @PostMapping
  ResponseEntity<Object> create(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @Valid @RequestBody CreateOrganizationRequest body,
      ServerHttpRequest request) {
    return idempotency.once(actor, key, request, body, () -> created(service.create(actor, body)));
  }

  @GetMapping
  Page<OrganizationView> list(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return service.list(
        access.visibleOrganizations(actor), PageCursor.decode(cursor), PageCursor.limit(limit));
  }

  @GetMapping("/{id}")
  OrganizationView get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
    access.requireOrganization(actor, id, OrgPermission.READ);
    return service.get(id);
  }

  private static ResponseEntity<Object> created(OrganizationView view) {
    return Created.at("/v1/organizations/" + view.id(), view);
  }
}
