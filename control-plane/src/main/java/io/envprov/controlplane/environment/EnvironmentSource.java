package io.envprov.controlplane.environment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where an environment's contents came from, so that {@code POST /v1/environments/{id}/reset} can
 * bring them back: the environment it was copied from and how ({@code everything} or {@code
 * schema_only}), or the backup it was restored from. Stored in {@code environment.source_*} and
 * shown as the view's {@code source}; an environment provisioned from the baseline has none.
 *
 * @param environmentId the environment copied
 * @param mode what the copy carried (the copy's {@code mode})
 * @param backupId the backup restored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentSource(
    @Nullable UUID environmentId, @Nullable String mode, @Nullable UUID backupId) {

  /** A copy of {@code environmentId} made with {@code mode}. */
  public static EnvironmentSource copyOf(UUID environmentId, String mode) {
    return new EnvironmentSource(environmentId, mode, null);
  }

  /** An environment made from the backup {@code backupId}. */
  public static EnvironmentSource backup(UUID backupId) {
    return new EnvironmentSource(null, null, backupId);
  }

  /** The source stored in the columns, or null when they are all empty. */
  static @Nullable EnvironmentSource of(
      @Nullable UUID environmentId, @Nullable String mode, @Nullable UUID backupId) {
    return environmentId == null && backupId == null
        ? null
        : new EnvironmentSource(environmentId, mode, backupId);
  }
}
