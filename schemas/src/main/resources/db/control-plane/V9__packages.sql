-- Issue 12: packages of migrations installed per environment, the ledger that mirrors what each
-- environment's database says it has, and the operation kinds that install and promote them.

ALTER TABLE operation
  DROP CONSTRAINT operation_kind,
  ADD CONSTRAINT operation_kind CHECK (kind IN ('provision', 'deprovision', 'copy', 'install_package', 'promote'));

-- One published version of a package: immutable. The same name and version may be published again
-- only with the same checksum (an idempotent re-publish).
CREATE TABLE package_version (
  name         text        NOT NULL CONSTRAINT package_name_format CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
  version      text        NOT NULL CONSTRAINT package_version_format CHECK (version ~ '^[0-9]+(\.[0-9]+){0,2}$'),
  -- The version's parts as numbers, so versions order as versions ("1.10.0" after "1.9.0").
  version_key  integer[]   NOT NULL,
  description  text,
  -- [{version, description, sql, sql_by_dialect}] in the order they apply.
  migrations   jsonb       NOT NULL,
  -- SHA-256 (hex) of the canonical form of the migrations: what makes two publishes "the same".
  checksum     text        NOT NULL,
  -- The data-plane baseline shipped with the service (package 'system'), registered at start.
  built_in     boolean     NOT NULL DEFAULT false,
  published_by text        NOT NULL,
  published_at timestamptz NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE INDEX package_version_by_key ON package_version (name, version_key);

-- The control plane's mirror of each environment's sys_package_installation: one row per package
-- and environment, written after each install and refreshed from the database on request.
CREATE TABLE package_installation (
  environment_id uuid        NOT NULL REFERENCES environment (id) ON DELETE CASCADE,
  package_name   text        NOT NULL,
  version        text        NOT NULL,
  status         text        NOT NULL CONSTRAINT package_installation_status CHECK (status IN ('installed', 'failed')),
  checksum       text,
  error          text,
  installed_at   timestamptz,
  installed_by   text,
  drift          boolean     NOT NULL DEFAULT false,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (environment_id, package_name)
);
CREATE INDEX package_installation_by_package ON package_installation (package_name, version);
