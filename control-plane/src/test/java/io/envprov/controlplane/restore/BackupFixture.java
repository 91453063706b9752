package io.envprov.controlplane.restore;

import io.envprov.controlplane.backup.BackupVault;
import io.envprov.controlplane.backup.DirectoryBackupStore;
import io.envprov.controlplane.domain.BackupOrigin;
import io.envprov.controlplane.domain.BackupStatus;
import io.envprov.controlplane.store.BackupTables.Backup;
import io.envprov.controlplane.store.Tables.Environment;
import io.envprov.driver.spi.CopyMode;
import io.envprov.provisioner.DriverCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Takes backups as the {@code backup} operation does, with the real components and no mock: the
 * driver's snapshot of the environment's database, sealed into the backup store by the vault, and
 * the {@code backup} row of a succeeded backup. For tests of restores that need a backup without
 * going through the backups API.
 */
public final class BackupFixture {

  private final DSLContext dsl;
  private final DriverCatalog drivers;
  private final BackupVault vault;
  private final Databases databases;

  /** The fixture over the running service's beans ({@code context::getBean}). */
  public BackupFixture(Function<Class<?>, Object> beans) {
    this.dsl = (DSLContext) beans.apply(DSLContext.class);
    this.drivers = (DriverCatalog) beans.apply(DriverCatalog.class);
    this.vault = (BackupVault) beans.apply(BackupVault.class);
    this.databases = (Databases) beans.apply(Databases.class);
  }

  /** A succeeded backup of the environment's database as it is now. */
  public UUID take(String environmentId) {
    UUID environment = UUID.fromString(environmentId);
    Databases.Located database = databases.locate(environment).orElseThrow();
    UUID backupId = UUID.randomUUID();
    String storageKey = "test/" + backupId;
    try {
      Path directory = Files.createTempDirectory("backup-fixture-");
      Path snapshot = directory.resolve("snapshot");
      try {
        drivers
            .driver(database.driver())
            .backup(databases.ref(database), CopyMode.EVERYTHING, snapshot);
        BackupVault.Sealed sealed = vault.seal(snapshot, storageKey);
        insert(backupId, environment, database.driver(), BackupStatus.SUCCEEDED, sealed);
      } finally {
        Files.deleteIfExists(snapshot);
        Files.deleteIfExists(directory);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return backupId;
  }

  /** A backup row of the environment with nothing sealed: for a backup not succeeded (yet). */
  public UUID row(String environmentId, String driver, BackupStatus status) {
    UUID backupId = UUID.randomUUID();
    insert(backupId, UUID.fromString(environmentId), driver, status, null);
    return backupId;
  }

  /** A succeeded backup row claiming another driver, sealed from nothing in particular. */
  UUID foreign(String environmentId, String driver) {
    UUID backupId = UUID.randomUUID();
    try {
      Path plaintext = Files.createTempFile("foreign-", ".snapshot");
      try {
        Files.writeString(plaintext, "not a " + driver + " snapshot");
        insert(
            backupId,
            UUID.fromString(environmentId),
            driver,
            BackupStatus.SUCCEEDED,
            vault.seal(plaintext, "test/" + backupId));
      } finally {
        Files.deleteIfExists(plaintext);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return backupId;
  }

  /** Where the backup's sealed object lies in the directory store. */
  Path sealedFile(UUID backupId) {
    String key =
        dsl.select(Backup.STORAGE_KEY)
            .from(Backup.TABLE)
            .where(Backup.ID.eq(backupId))
            .fetchOne(Backup.STORAGE_KEY);
    return ((DirectoryBackupStore) vault.store()).directory().resolve(key);
  }

  private void insert(
      UUID backupId,
      UUID environmentId,
      String driver,
      BackupStatus status,
      BackupVault.Sealed sealed) {
    UUID organizationId =
        dsl.select(Environment.ORGANIZATION_ID)
            .from(Environment.TABLE)
            .where(Environment.ID.eq(environmentId))
            .fetchOne(Environment.ORGANIZATION_ID);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    dsl.insertInto(Backup.TABLE)
        .set(Backup.ID, backupId)
        .set(Backup.ENVIRONMENT_ID, environmentId)
        .set(Backup.ORGANIZATION_ID, organizationId)
        .set(Backup.DRIVER, driver)
        .set(Backup.ORIGIN, BackupOrigin.MANUAL.sqlValue())
        .set(Backup.STATUS, status.sqlValue())
        .set(Backup.SIZE_BYTES, sealed == null ? null : sealed.sizeBytes())
        .set(Backup.CHECKSUM, sealed == null ? null : sealed.checksum())
        .set(Backup.PLAINTEXT_BYTES, sealed == null ? null : sealed.plaintextBytes())
        .set(Backup.STORAGE_KEY, sealed == null ? null : sealed.storageKey())
        .set(Backup.ENCRYPTED_DATA_KEY, sealed == null ? null : sealed.encryptedDataKey())
        .set(Backup.KMS_KEY_ID, sealed == null ? null : sealed.kmsKeyId())
        .set(Backup.CREATED_BY, "test:backup-fixture")
        .set(Backup.CREATED_AT, now)
        .set(Backup.COMPLETED_AT, status.restorable() ? now : null)
        .execute();
  }
}
