package io.envprov.controlplane.environment;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * The state of an environment's backups, as its view shows it ({@code backups}).
 *
 * @param nextBackupAt when the next scheduled backup is due; null when its type has no schedule (or
 *     before the schedule first sees it)
 * @param backupFailures backups that failed since the last one that succeeded
 * @param lastBackupError why the last backup failed; null after a success
 * @param lastBackupAt when its newest successful backup completed; null when it has none
 */
public record EnvironmentBackups(
    @Nullable OffsetDateTime nextBackupAt,
    int backupFailures,
    @Nullable String lastBackupError,
    @Nullable OffsetDateTime lastBackupAt) {

  /** A new environment's: nothing taken, nothing scheduled yet. */
  public static final EnvironmentBackups NONE = new EnvironmentBackups(null, 0, null, null);
}
