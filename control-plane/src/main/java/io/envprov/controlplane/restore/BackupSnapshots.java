package io.envprov.controlplane.restore;

import io.envprov.controlplane.backup.BackupCorruptedException;
import io.envprov.controlplane.backup.BackupTempFiles;
import io.envprov.controlplane.backup.BackupVault;
import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.kms.KeyManagementException;
import io.envprov.controlplane.store.BackupTables.Backup;
import io.envprov.provisioner.SnapshotSource;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

/**
 * The backups as snapshots: reads a backup's row, checks its sealed object in the backup store
 * against the row's checksum, unseals it into a private temporary file ({@link BackupTempFiles}),
 * the segments' tags checked on the way, and hands the file out until it is closed, which deletes
 * it. The provisioning engine restores new environments from it (its {@link SnapshotSource}), and
 * the in-place restores and resets read it too.
 */
@Component
public class BackupSnapshots implements SnapshotSource {

  private final DSLContext dsl;
  private final BackupVault vault;
  private final BackupTempFiles temporary;

  BackupSnapshots(DSLContext dsl, BackupVault vault, BackupTempFiles temporary) {
    this.dsl = dsl;
    this.vault = vault;
    this.temporary = temporary;
  }

  /**
   * The backup, unsealed and verified.
   *
   * @throws SnapshotUnavailableException when it cannot be restored from; the message says why
   */
  @Override
  public Snapshot open(UUID backupId) {
    Record row =
        dsl.select(
                Backup.STATUS,
                Backup.STORAGE_KEY,
                Backup.CHECKSUM,
                Backup.ENCRYPTED_DATA_KEY,
                Backup.KMS_KEY_ID)
            .from(Backup.TABLE)
            .where(Backup.ID.eq(backupId))
            .fetchOne();
    if (row == null) {
      throw new SnapshotUnavailableException("backup " + backupId + " does not exist");
    }
    BackupStatus status = BackupStatus.fromSql(row.get(Backup.STATUS));
    if (!status.restorable()) {
      throw new SnapshotUnavailableException(
          "backup " + backupId + " is " + status.sqlValue() + "; only a succeeded one is restored");
    }
    String storageKey = row.get(Backup.STORAGE_KEY);
    String checksum = row.get(Backup.CHECKSUM);
    BackupTempFiles.TempFile file;
    try {
      file = temporary.reserve();
    } catch (IOException e) {
      throw new SnapshotUnavailableException(
          "no private temporary file can be made for backup " + backupId + ": " + e);
    }
    try {
      // One pass: the vault checks every segment and the whole object's checksum, and keeps the
      // snapshot only when both hold; a backup altered anywhere fails naming its checksum.
      vault.unseal(
          new BackupVault.SealedRef(
              storageKey, checksum, row.get(Backup.ENCRYPTED_DATA_KEY), row.get(Backup.KMS_KEY_ID)),
          file.path());
      file.protect();
    } catch (BackupCorruptedException e) {
      file.close();
      throw new SnapshotUnavailableException(
          "backup " + backupId + " is corrupted: " + e.getMessage());
    } catch (NoSuchFileException e) {
      file.close();
      throw new SnapshotUnavailableException(
          "backup " + backupId + " is missing from the backup store");
    } catch (IOException e) {
      file.close();
      throw new SnapshotUnavailableException(
          "backup " + backupId + " cannot be read from the backup store: " + e);
    } catch (KeyManagementException e) {
      file.close();
      throw new SnapshotUnavailableException(
          "the data key of backup " + backupId + " cannot be unwrapped: " + e.getMessage());
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
    return new Snapshot() {
      @Override
      public Path file() {
        return file.path();
      }

      @Override
      public void close() {
        file.close();
      }
    };
  }
}
