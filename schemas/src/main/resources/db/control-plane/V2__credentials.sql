-- Credentials: rotation with a grace period, one replacement per credential, lookups by database.

ALTER TABLE database_credential
  ADD COLUMN grace_until timestamptz,
  ADD COLUMN created_by  text,
  ADD COLUMN updated_at  timestamptz;

UPDATE database_credential SET updated_at = issued_at WHERE updated_at IS NULL;
ALTER TABLE database_credential ALTER COLUMN updated_at SET NOT NULL;

-- A credential is replaced at most once, whoever rotates it (two schedulers, an admin and a job).
CREATE UNIQUE INDEX database_credential_one_replacement
  ON database_credential (rotated_from) WHERE rotated_from IS NOT NULL;

-- A rotating credential always knows when its grace ends; a revoked one when it was revoked.
ALTER TABLE database_credential
  ADD CONSTRAINT database_credential_grace CHECK (status <> 'rotating' OR grace_until IS NOT NULL),
  ADD CONSTRAINT database_credential_revoked CHECK (status <> 'revoked' OR revoked_at IS NOT NULL);

CREATE INDEX database_credential_by_database ON database_credential (database_id, issued_at, id);
CREATE INDEX database_credential_grace_ending ON database_credential (grace_until) WHERE status = 'rotating';
CREATE INDEX database_credential_kms_key ON database_credential (kms_key_id);
