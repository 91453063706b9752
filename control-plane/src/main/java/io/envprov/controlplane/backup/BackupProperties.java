package io.envprov.controlplane.backup;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where backups go ({@code controlplane.backups.*}).
 *
 * @param directory the directory of the backup store; by default {@code backups} under {@code
 *     controlplane.data-dir} (so {@code ./var/backups})
 */
@ConfigurationProperties("controlplane.backups")
public record BackupProperties(@Nullable String directory) {}
