-- Control-plane store (PostgreSQL). Every table of the domain model; later issues fill in behaviour.
-- Slugs follow the API contract (schemas/openapi.yaml, Slug): ^[a-z][a-z0-9-]{1,62}$, unique per parent.

CREATE TABLE organization (
  id          uuid PRIMARY KEY,
  slug        text        NOT NULL CONSTRAINT organization_slug_format CHECK (slug ~ '^[a-z][a-z0-9-]{1,62}$'),
  name        text        NOT NULL CONSTRAINT organization_name_length CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  CONSTRAINT organization_slug_unique UNIQUE (slug)
);

CREATE TABLE app_user (
  id          uuid PRIMARY KEY,
  email       text        NOT NULL,
  name        text        NOT NULL,
  created_at  timestamptz NOT NULL,
  CONSTRAINT app_user_email_unique UNIQUE (email)
);

-- API keys are stored hashed (SHA-256 of a 256-bit random key); the prefix is shown to humans.
CREATE TABLE api_key (
  id           uuid PRIMARY KEY,
  user_id      uuid REFERENCES app_user (id),
  name         text        NOT NULL,
  role         text        NOT NULL CONSTRAINT api_key_role CHECK (role IN ('platform_admin', 'user', 'data_plane')),
  prefix       text        NOT NULL,
  key_hash     bytea       NOT NULL,
  created_at   timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at   timestamptz,
  CONSTRAINT api_key_hash_unique UNIQUE (key_hash)
);

CREATE TABLE organization_member (
  id              uuid PRIMARY KEY,
  organization_id uuid        NOT NULL REFERENCES organization (id),
  user_id         uuid        NOT NULL REFERENCES app_user (id),
  role            text        NOT NULL CONSTRAINT organization_member_role CHECK (role IN ('org_admin', 'org_member')),
  created_at      timestamptz NOT NULL,
  CONSTRAINT organization_member_unique UNIQUE (organization_id, user_id)
);

-- Servers the provisioner places databases on. The admin secret is sealed like a credential.
CREATE TABLE database_server (
  id                       uuid PRIMARY KEY,
  driver                   text        NOT NULL,
  name                     text        NOT NULL,
  region                   text        NOT NULL,
  admin_url                text        NOT NULL,
  admin_username           text,
  admin_secret_cipher      bytea,
  admin_encrypted_data_key bytea,
  kms_key_id               text,
  options                  jsonb       NOT NULL DEFAULT '{}'::jsonb,
  capacity                 integer     NOT NULL DEFAULT 100 CONSTRAINT database_server_capacity CHECK (capacity >= 0),
  status                   text        NOT NULL DEFAULT 'active' CONSTRAINT database_server_status CHECK (status IN ('active', 'draining', 'unavailable')),
  created_at               timestamptz NOT NULL,
  updated_at               timestamptz NOT NULL,
  CONSTRAINT database_server_name_unique UNIQUE (name)
);

CREATE TABLE environment (
  id              uuid PRIMARY KEY,
  organization_id uuid        NOT NULL REFERENCES organization (id),
  slug            text        NOT NULL CONSTRAINT environment_slug_format CHECK (slug ~ '^[a-z][a-z0-9-]{1,62}$'),
  name            text        NOT NULL CONSTRAINT environment_name_length CHECK (length(name) BETWEEN 1 AND 200),
  description     text,
  env_type        text        NOT NULL CONSTRAINT environment_type CHECK (env_type IN ('default', 'sandbox', 'development', 'production', 'trial')),
  region          text        NOT NULL,
  is_default      boolean     NOT NULL DEFAULT false,
  is_protected    boolean     NOT NULL DEFAULT false,
  status          text        NOT NULL CONSTRAINT environment_status CHECK (status IN ('provisioning', 'active', 'suspended', 'deprovisioning', 'archived', 'failed')),
  error           text,
  created_by      text        NOT NULL,
  metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  version         bigint      NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CONSTRAINT environment_default_is_default_type CHECK (is_default = (env_type = 'default'))
);
-- A slug is unique among the organization's live environments; an archived environment frees its slug.
CREATE UNIQUE INDEX environment_slug_unique ON environment (organization_id, slug) WHERE status <> 'archived';
-- At most one default environment per organization.
CREATE UNIQUE INDEX environment_one_default ON environment (organization_id) WHERE is_default;
CREATE INDEX environment_by_org_page ON environment (organization_id, created_at, id);

-- One database per environment (1:1). database_name is UUID-based, unique forever and immutable.
CREATE TABLE environment_database (
  id               uuid PRIMARY KEY,
  environment_id   uuid        NOT NULL REFERENCES environment (id),
  database_name    text        NOT NULL CONSTRAINT environment_database_name_format CHECK (database_name ~ '^env_[0-9a-f]{32}$'),
  database_url     text,
  driver           text        NOT NULL,
  server_id        uuid REFERENCES database_server (id),
  region           text        NOT NULL,
  storage_limit_mb integer CONSTRAINT environment_database_storage_limit CHECK (storage_limit_mb IS NULL OR storage_limit_mb > 0),
  last_accessed_at timestamptz,
  provisioned_at   timestamptz,
  metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT environment_database_one_per_environment UNIQUE (environment_id),
  CONSTRAINT environment_database_name_unique UNIQUE (database_name)
);
CREATE INDEX environment_database_by_server ON environment_database (server_id);

CREATE FUNCTION environment_database_name_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.database_name IS DISTINCT FROM OLD.database_name THEN
    RAISE EXCEPTION 'database_name is immutable (% -> %)', OLD.database_name, NEW.database_name
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER environment_database_name_immutable
  BEFORE UPDATE OF database_name ON environment_database
  FOR EACH ROW EXECUTE FUNCTION environment_database_name_immutable();

-- Credentials for an environment database, sealed with envelope encryption (never stored in clear).
CREATE TABLE database_credential (
  id                  uuid PRIMARY KEY,
  database_id         uuid        NOT NULL REFERENCES environment_database (id),
  username            text        NOT NULL,
  token_cipher        bytea       NOT NULL,
  encrypted_data_key  bytea       NOT NULL,
  kms_key_id          text        NOT NULL,
  scope               text        NOT NULL CONSTRAINT database_credential_scope CHECK (scope IN ('readwrite', 'readonly', 'admin')),
  status              text        NOT NULL CONSTRAINT database_credential_status CHECK (status IN ('active', 'rotating', 'revoked')),
  issued_at           timestamptz NOT NULL,
  expires_at          timestamptz,
  rotated_from        uuid REFERENCES database_credential (id),
  revoked_at          timestamptz,
  rotation_failures   integer     NOT NULL DEFAULT 0,
  last_rotation_error text,
  next_rotation_at    timestamptz,
  CONSTRAINT database_credential_username_unique UNIQUE (database_id, username)
);
CREATE INDEX database_credential_expiring ON database_credential (expires_at) WHERE status = 'active';

CREATE TABLE environment_member (
  id              uuid PRIMARY KEY,
  environment_id  uuid        NOT NULL REFERENCES environment (id),
  organization_id uuid        NOT NULL REFERENCES organization (id),
  user_id         uuid        NOT NULL REFERENCES app_user (id),
  role            text        NOT NULL CONSTRAINT environment_member_role CHECK (role IN ('env_admin', 'env_maker', 'env_user', 'env_viewer')),
  created_at      timestamptz NOT NULL,
  CONSTRAINT environment_member_unique UNIQUE (environment_id, user_id)
);

CREATE TABLE user_session (
  id                    uuid PRIMARY KEY,
  user_id               uuid        NOT NULL REFERENCES app_user (id),
  active_environment_id uuid REFERENCES environment (id),
  created_at            timestamptz NOT NULL,
  expires_at            timestamptz NOT NULL,
  revoked_at            timestamptz
);

-- Every asynchronous change. The db-scheduler task instance id is the operation id.
CREATE TABLE operation (
  id            uuid PRIMARY KEY,
  kind          text        NOT NULL CONSTRAINT operation_kind CHECK (kind IN ('provision', 'deprovision', 'copy', 'rotate')),
  resource_type text        NOT NULL,
  resource_id   uuid        NOT NULL,
  status        text        NOT NULL CONSTRAINT operation_status CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
  attempts      integer     NOT NULL DEFAULT 0,
  error         text,
  payload       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL,
  started_at    timestamptz,
  finished_at   timestamptz,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX operation_by_resource ON operation (resource_id, created_at);

-- Append-only: who did what to which resource.
CREATE TABLE audit_event (
  id              uuid PRIMARY KEY,
  occurred_at     timestamptz NOT NULL,
  actor           text        NOT NULL,
  action          text        NOT NULL,
  resource_type   text        NOT NULL,
  resource_id     uuid        NOT NULL,
  organization_id uuid,
  details         jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_event_by_org ON audit_event (organization_id, occurred_at, id);
CREATE INDEX audit_event_by_resource ON audit_event (resource_id, occurred_at);

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_append_only
  BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

-- Idempotency-Key on POST: the first response is kept and replayed for a retry with the same key and body.
CREATE TABLE idempotency_record (
  principal     text        NOT NULL,
  idem_key      text        NOT NULL,
  method        text        NOT NULL,
  path          text        NOT NULL,
  request_hash  text        NOT NULL,
  status_code   integer,
  response_body text,
  location      text,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (principal, idem_key)
);
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);

-- db-scheduler's table (PostgreSQL schema of db-scheduler 16).
CREATE TABLE scheduled_tasks (
  task_name            text                     NOT NULL,
  task_instance        text                     NOT NULL,
  task_data            bytea,
  execution_time       timestamp with time zone NOT NULL,
  picked               boolean                  NOT NULL,
  picked_by            text,
  last_success         timestamp with time zone,
  last_failure         timestamp with time zone,
  consecutive_failures integer,
  last_heartbeat       timestamp with time zone,
  version              bigint                   NOT NULL,
  priority             smallint,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
