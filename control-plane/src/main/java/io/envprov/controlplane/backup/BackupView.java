package io.envprov.controlplane.backup;

import io.envprov.controlplane.domain.BackupOrigin;
import io.envprov.controlplane.domain.BackupStatus;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A backup as the API shows it: facts only. Where it is kept ({@code storage_key}) and the key that
 * opens it (its wrapped data key) never leave the control plane.
 *
 * @param driver the driver whose snapshot format it is in (a restore needs the same driver)
 * @param sizeBytes the sealed object's size; null until it succeeded
 * @param plaintextBytes the snapshot's size before sealing; null until it succeeded
 * @param checksum SHA-256 of the sealed object, in hex; null until it succeeded
 * @param expiresAt when retention prunes it; null for a manual backup (kept until deleted)
 * @param operationId the {@code backup} operation that takes it
 */
public record BackupView(
    UUID id,
    UUID environmentId,
    UUID organizationId,
    String driver,
    @Nullable String label,
    BackupOrigin origin,
    BackupStatus status,
    @Nullable String error,
    @Nullable Long sizeBytes,
    @Nullable Long plaintextBytes,
    @Nullable String checksum,
    String createdBy,
    OffsetDateTime createdAt,
    @Nullable OffsetDateTime completedAt,
    @Nullable OffsetDateTime expiresAt,
    @Nullable UUID operationId) {}
