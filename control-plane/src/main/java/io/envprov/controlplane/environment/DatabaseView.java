package io.envprov.controlplane.environment;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An environment's database as the API shows it: facts only, never a secret. */
public record DatabaseView(
    UUID id,
    UUID environmentId,
    String databaseName,
    @Nullable String databaseUrl,
    String driver,
    @Nullable UUID serverId,
    String region,
    @Nullable Integer storageLimitMb,
    @Nullable OffsetDateTime lastAccessedAt,
    @Nullable OffsetDateTime provisionedAt,
    Map<String, Object> metadata,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {}
