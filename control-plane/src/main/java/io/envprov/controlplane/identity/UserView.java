package io.envprov.controlplane.identity;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user as the API shows it.
 *
 * @param disabledAt when a platform admin disabled them (their keys and sessions stopped); null
 *     while they are not
 */
public record UserView(
    UUID id,
    String email,
    String name,
    OffsetDateTime createdAt,
    @Nullable OffsetDateTime disabledAt) {}
