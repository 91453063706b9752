package io.envprov.controlplane.member;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A membership: a user's role in an organization, or in one of its environments. */
public record MemberView(
    UUID organizationId,
    @Nullable UUID environmentId,
    UUID userId,
    String email,
    String name,
    String role,
    OffsetDateTime createdAt) {}
