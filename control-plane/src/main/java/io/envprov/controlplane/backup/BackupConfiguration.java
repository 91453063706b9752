package io.envprov.controlplane.backup;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.kms.KeyManagement;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The backup store, the vault that seals backups into it, the private temporary files, and the
 * backup schedule as a db-scheduler recurring task (one execution in the cluster at a time, on
 * replicas whose worker is enabled).
 */
@Configuration(proxyBeanMethods = false)
class BackupConfiguration {

  @Bean
  BackupStore backupStore(BackupProperties backups, ControlPlaneProperties properties) {
    Path directory =
        backups.directory() == null || backups.directory().isBlank()
            ? properties.dataDir().resolve("backups")
            : Path.of(backups.directory());
    return new DirectoryBackupStore(directory);
  }

  @Bean
  BackupVault backupVault(KeyManagement keys, BackupStore store) {
    return new BackupVault(keys, store);
  }

  /** Plaintext snapshots live in {@code <data-dir>/tmp/backups} only while they are sealed. */
  @Bean
  BackupTempFiles backupTempFiles(ControlPlaneProperties properties, Clock clock) {
    return new BackupTempFiles(properties.dataDir().resolve("tmp").resolve("backups"), clock);
  }

  @Bean
  RecurringTask<Void> backupScheduleTask(BackupSchedule schedule, BackupProperties properties) {
    return Tasks.recurring("backup-schedule", FixedDelay.of(properties.sweepInterval()))
        .execute((instance, context) -> schedule.run());
  }
}
