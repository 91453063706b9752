package io.envprov.provisioner;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The engine's port to the backup store: what an operation of kind {@link OperationKind#RESTORE}
 * restores from. The control plane opens the sealed backup, checks its checksum, and unseals it
 * into a private temporary file.
 */
@FunctionalInterface
public interface SnapshotSource {

  /** A source that has no backups: every restore fails. */
  SnapshotSource NONE =
      backupId -> {
        throw new IllegalStateException("no backup store is configured");
      };

  /**
   * The backup as a plaintext snapshot file, verified against its checksum. The caller closes it,
   * which deletes the file.
   *
   * @throws RuntimeException with a message fit for the operation's error (never a secret) when the
   *     backup is missing, corrupted or cannot be unsealed
   */
  Snapshot open(UUID backupId);

  /** A plaintext snapshot in a private temporary file, deleted on close. */
  interface Snapshot extends AutoCloseable {

    /** The file, in the driver's own snapshot format. */
    Path file();

    /** Deletes the file. */
    @Override
    void close();
  }
}
