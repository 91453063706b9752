package io.envprov.controlplane.member;

import io.envprov.controlplane.access.Access;
import io.envprov.controlplane.access.EnvPermission;
import io.envprov.controlplane.access.OrgPermission;
import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import jakarta.validation.Valid;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The member routes of schemas/openapi.yaml, for organizations and environments. Lists are keyset
 * pages ({@code limit}, {@code cursor}, as for environments).
 */
@RestController
class MemberController {

  private final MemberService service;
  private final Access access;

  MemberController(MemberService service, Access access) {
    this.service = service;
    this.access = access;
  }

  @PutMapping(path = "/v1/organizations/{id}/members/{user_id}", produces = "application/json")
  Mono<MemberView> putOrganizationMember(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @PathVariable("user_id") UUID userId,
      @Valid @RequestBody MemberRequest body) {
    return access
        .organization(actor, id, OrgPermission.MANAGE_MEMBERS)
        .then(Mono.defer(() -> service.putOrganizationMember(actor, id, userId, body.role())));
  }

  @GetMapping(path = "/v1/organizations/{id}/members", produces = "application/json")
  Mono<Page<MemberView>> organizationMembers(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return access
        .organization(actor, id, OrgPermission.READ)
        .then(
            Mono.defer(
                () ->
                    service.organizationMembers(
                        id, PageCursor.decode(cursor), PageCursor.limit(limit))));
  }

  @DeleteMapping(path = "/v1/organizations/{id}/members/{user_id}")
  Mono<ResponseEntity<Void>> removeOrganizationMember(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @PathVariable("user_id") UUID userId) {
    return access
        .organization(actor, id, OrgPermission.MANAGE_MEMBERS)
        .then(Mono.defer(() -> service.removeOrganizationMember(actor, id, userId)))
        .thenReturn(ResponseEntity.noContent().build());
  }

  @PutMapping(path = "/v1/environments/{id}/members/{user_id}", produces = "application/json")
  Mono<MemberView> putEnvironmentMember(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @PathVariable("user_id") UUID userId,
      @Valid @RequestBody MemberRequest body) {
    return access
        .environment(actor, id, EnvPermission.MANAGE_MEMBERS)
        .then(Mono.defer(() -> service.putEnvironmentMember(actor, id, userId, body.role())));
  }

  @GetMapping(path = "/v1/environments/{id}/members", produces = "application/json")
  Mono<Page<MemberView>> environmentMembers(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return access
        .environment(actor, id, EnvPermission.READ)
        .then(
            Mono.defer(
                () ->
                    service.environmentMembers(
                        id, PageCursor.decode(cursor), PageCursor.limit(limit))));
  }

  @DeleteMapping(path = "/v1/environments/{id}/members/{user_id}")
  Mono<ResponseEntity<Void>> removeEnvironmentMember(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @PathVariable("user_id") UUID userId) {
    return access
        .environment(actor, id, EnvPermission.MANAGE_MEMBERS)
        .then(Mono.defer(() -> service.removeEnvironmentMember(actor, id, userId)))
        .thenReturn(ResponseEntity.noContent().build());
  }
}
