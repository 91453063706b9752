package io.envprov.controlplane.identity;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A user as the API shows it. */
public record UserView(UUID id, String email, String name, OffsetDateTime createdAt) {}
