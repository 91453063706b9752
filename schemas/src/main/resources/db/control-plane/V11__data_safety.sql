-- Issue 13: data safety. Backups sealed outside the environment's database, restores (as a new
-- environment or in place), reset of a copy from its source, a recovery window for deletes, and
-- the usage (size, last access) of each environment's database.

ALTER TABLE operation
  DROP CONSTRAINT operation_kind,
  ADD CONSTRAINT operation_kind CHECK (kind IN ('provision', 'deprovision', 'copy', 'install_package', 'promote',
                                                'backup', 'restore', 'restore_in_place', 'reset'));

-- 'restoring': an in-place restore or a reset is replacing the database's contents.
-- 'deleted': deleted within the recovery window; the database is kept until purge_after.
ALTER TABLE environment
  DROP CONSTRAINT environment_status,
  ADD CONSTRAINT environment_status CHECK (status IN ('provisioning', 'active', 'suspended', 'deprovisioning', 'archived', 'failed',
                                                      'restoring', 'deleted'));

-- A deleted environment frees its slug, as an archived one does; recovering it needs the slug free.
DROP INDEX environment_slug_unique;
CREATE UNIQUE INDEX environment_slug_unique ON environment (organization_id, slug) WHERE status NOT IN ('archived', 'deleted');

ALTER TABLE environment
  -- Where a copy (or a restore as new) came from: reset re-copies from it.
  ADD COLUMN source_environment_id uuid REFERENCES environment (id),
  ADD COLUMN source_copy_mode      text CONSTRAINT environment_source_copy_mode CHECK (source_copy_mode IN ('everything', 'schema_only')),
  ADD COLUMN source_backup_id      uuid,
  -- The recovery window: set by a DELETE that keeps the database, cleared by a recover.
  ADD COLUMN deleted_at            timestamptz,
  ADD COLUMN purge_after           timestamptz,
  -- Usage: true while the database is above its storage_limit_mb.
  ADD COLUMN over_quota            boolean NOT NULL DEFAULT false,
  -- Scheduled backups: when the next one is due, and the failures since the last success.
  ADD COLUMN next_backup_at        timestamptz,
  ADD COLUMN backup_failures       integer NOT NULL DEFAULT 0,
  ADD COLUMN last_backup_error     text,
  ADD CONSTRAINT environment_deleted_has_purge CHECK ((status = 'deleted') = (purge_after IS NOT NULL));
CREATE INDEX environment_purge_due ON environment (purge_after) WHERE status = 'deleted';
CREATE INDEX environment_backup_due ON environment (next_backup_at) WHERE next_backup_at IS NOT NULL;

ALTER TABLE environment_database
  ADD COLUMN size_bytes       bigint CONSTRAINT environment_database_size CHECK (size_bytes IS NULL OR size_bytes >= 0),
  ADD COLUMN size_measured_at timestamptz;

-- One backup of one environment's database: a snapshot in the driver's own format, sealed with a
-- data key of its own (AES-256-GCM) and kept in the backup store under storage_key.
CREATE TABLE backup (
  id                 uuid PRIMARY KEY,
  environment_id     uuid        NOT NULL REFERENCES environment (id),
  organization_id    uuid        NOT NULL REFERENCES organization (id),
  -- The driver whose format the snapshot is in: a restore needs the same driver.
  driver             text        NOT NULL,
  label              text CONSTRAINT backup_label_length CHECK (length(label) BETWEEN 1 AND 200),
  origin             text        NOT NULL CONSTRAINT backup_origin CHECK (origin IN ('manual', 'scheduled')),
  status             text        NOT NULL CONSTRAINT backup_status CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
  error              text,
  -- The sealed file: its size and SHA-256 (hex), which a restore checks before it reads anything.
  size_bytes         bigint,
  checksum           text,
  -- The snapshot before sealing.
  plaintext_bytes    bigint,
  storage_key        text,
  encrypted_data_key bytea,
  kms_key_id         text,
  operation_id       uuid,
  created_by         text        NOT NULL,
  created_at         timestamptz NOT NULL,
  completed_at       timestamptz,
  -- Retention: a scheduled (or labelled-to-expire) backup is pruned after this.
  expires_at         timestamptz,
  CONSTRAINT backup_succeeded_is_complete CHECK (status <> 'succeeded' OR (checksum IS NOT NULL AND storage_key IS NOT NULL
                                                                          AND encrypted_data_key IS NOT NULL AND kms_key_id IS NOT NULL))
);
CREATE INDEX backup_by_environment_page ON backup (environment_id, created_at, id);
CREATE INDEX backup_expiring ON backup (expires_at) WHERE expires_at IS NOT NULL;
