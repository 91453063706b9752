package io.envprov.controlplane.member;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code PUT .../members/{user_id}}: the role to hold (checked per kind of membership). */
public record MemberRequest(
    @NotNull
        @Pattern(
            regexp = "^(org_admin|org_member|env_admin|env_maker|env_user|env_viewer)$",
            message = "must be a role")
        String role) {}
