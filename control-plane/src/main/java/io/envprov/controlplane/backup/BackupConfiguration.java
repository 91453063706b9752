package io.envprov.controlplane.backup;

import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.kms.KeyManagement;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The backup store and the vault that seals backups into it. */
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
}
