package io.envprov.controlplane.backup;

import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.kms.KeyManagement;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The backup store, the vault that seals backups into it, and the private temporary files. */
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
}
