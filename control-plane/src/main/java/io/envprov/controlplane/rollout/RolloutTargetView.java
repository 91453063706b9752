package io.envprov.controlplane.rollout;

import io.envprov.controlplane.domain.RolloutTargetStatus;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One environment of a rollout as the API shows it.
 *
 * @param serverId the database server it was on when the rollout was created; null for the local
 *     disk (SQLite)
 * @param position its place in the rollout's order (0-based)
 * @param wave the wave it belongs to
 * @param fromVersion the package version its database had before, when known
 * @param error why it failed or was skipped
 * @param attempts how many times it was started (more than one after a crash)
 */
public record RolloutTargetView(
    UUID environmentId,
    @Nullable UUID serverId,
    int position,
    int wave,
    RolloutTargetStatus status,
    @Nullable String fromVersion,
    @Nullable String error,
    int attempts,
    @Nullable OffsetDateTime startedAt,
    @Nullable OffsetDateTime finishedAt) {}
