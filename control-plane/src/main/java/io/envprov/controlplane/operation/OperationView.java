package io.envprov.controlplane.operation;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An operation as the API shows it. */
public record OperationView(
    UUID id,
    String kind,
    String resourceType,
    UUID resourceId,
    String status,
    int attempts,
    @Nullable String error,
    String createdBy,
    OffsetDateTime createdAt,
    @Nullable OffsetDateTime startedAt,
    @Nullable OffsetDateTime finishedAt) {}
