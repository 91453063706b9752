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
  MemberView putOrganizationMember(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @PathVariable("user_id") UUID userId,
      @Valid @RequestBody MemberRequest body) {
    access.requireOrganization(actor, id, OrgPermission.MANAGE_MEMBERS);
    return service.putOrganizationMember(actor, id, userId, body.role());
  }

  @GetMapping(path = "/v1/organizations/{id}/members", produces = "application/json")
  Page<MemberView> organizationMembers(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    access.requireOrganization(actor, id, OrgPermission.READ);
    return service.organizationMembers(id, PageCursor.decode(cursor), PageCursor.limit(limit));
  }

  @DeleteMapping(path = "/v1/organizations/{id}/members/{user_id}")
  ResponseEntity<Void> removeOrganizationMember(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @PathVariable("user_id") UUID userId) {
    access.requireOrganization(actor, id, OrgPermission.MANAGE_MEMBERS);
    service.removeOrganizationMember(actor, id, userId);
    return ResponseEntity.noContent().build();
  }

  @PutMapping(path = "/v1/environments/{id}/members/{user_id}", produces = "application/json")
  MemberView putEnvironmentMember(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @PathVariable("user_id") UUID userId,
      @Valid @RequestBody MemberRequest body) {
    access.requireEnvironment(actor, id, EnvPermission.MANAGE_MEMBERS);
    return service.putEnvironmentMember(actor, id, userId, body.role());
  }

  @GetMapping(path = "/v1/environments/{id}/members", produces = "application/json")
  Page<MemberView> environmentMembers(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    access.requireEnvironment(actor, id, EnvPermission.READ);
    return service.environmentMembers(id, PageCursor.decode(cursor), PageCursor.limit(limit));
  }

  @DeleteMapping(path = "/v1/environments/{id}/members/{user_id}")
  ResponseEntity<Void> removeEnvironmentMember(
      @AuthenticationPrincipal Actor actor,
      @PathVariable UUID id,
      @PathVariable("user_id") UUID userId) {
    access.requireEnvironment(actor, id, EnvPermission.MANAGE_MEMBERS);
    service.removeEnvironmentMember(actor, id, userId);
    return ResponseEntity.noContent().build();
  }
}
