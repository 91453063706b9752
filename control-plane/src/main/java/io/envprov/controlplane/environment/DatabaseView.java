package io.envprov.controlplane.environment;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An environment's database as the API shows it: facts only, never a secret. {@code sizeBytes} and
 * {@code sizeMeasuredAt} are the usage collector's last measurement (null until the first, and for
 * drivers that cannot measure); {@code lastAccessedAt} is when a data plane last fetched its
 * connection (written at most once a minute).
 */
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
    OffsetDateTime updatedAt,
    @Nullable Long sizeBytes,
    @Nullable OffsetDateTime sizeMeasuredAt) {}
