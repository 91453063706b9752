package io.envprov.controlplane.rollout;

import io.envprov.controlplane.domain.RolloutStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A rollout as the API shows it.
 *
 * @param name the package
 * @param version the package version being installed
 * @param organizationId the organization it is confined to; null: fleet-wide
 * @param pauseReason why it is paused (by request, or which failure paused it); null otherwise
 * @param currentWave the wave being run (0-based; the canary wave is 0 when there is one)
 * @param waves how many waves its targets make
 * @param targets how many environments it covers
 * @param counts its environments per status
 * @param firstErrors the first failures, in the order they happened (at most {@value
 *     RolloutRepository#FIRST_ERRORS})
 */
public record RolloutView(
    UUID id,
    String name,
    String version,
    @Nullable UUID organizationId,
    RolloutSelector selector,
    RolloutStrategy strategy,
    RolloutStatus status,
    @Nullable String pauseReason,
    int currentWave,
    int waves,
    int targets,
    Counts counts,
    List<TargetError> firstErrors,
    String createdBy,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    @Nullable OffsetDateTime finishedAt) {

  /** How many of its environments are in each status. */
  public record Counts(
      int pending,
      int running,
      int succeeded,
      int failed,
      int skippedDrift,
      int skippedNotActive) {}

  /** One environment that failed, and why. */
  public record TargetError(
      UUID environmentId, String error, @Nullable OffsetDateTime finishedAt) {}
}
