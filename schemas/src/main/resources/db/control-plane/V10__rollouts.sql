-- Issue 12: rollouts install one package version across the environments a selector picks, in
-- waves (a canary, then batches), pausing by themselves when the canary or the failure budget fails.

-- One rollout. Its targets are resolved once, when it is created; the db-scheduler task 'rollout'
-- (instance id = rollout id) advances it one wave per execution while it is running.
CREATE TABLE rollout (
  id                    uuid PRIMARY KEY,
  package_name          text        NOT NULL,
  version               text        NOT NULL,
  -- null: fleet-wide (platform admins only).
  organization_id       uuid REFERENCES organization (id),
  -- What the request asked for, normalized: {organization_id, env_types, drivers, server_id, environment_ids}.
  selector              jsonb       NOT NULL,
  -- {canary, batch_size, max_concurrency_per_server, max_failures}.
  strategy              jsonb       NOT NULL,
  status                text        NOT NULL CONSTRAINT rollout_status CHECK (status IN ('running', 'paused', 'succeeded', 'aborted')),
  current_wave          integer     NOT NULL DEFAULT 0 CONSTRAINT rollout_current_wave CHECK (current_wave >= 0),
  waves                 integer     NOT NULL CONSTRAINT rollout_waves CHECK (waves >= 0),
  targets               integer     NOT NULL CONSTRAINT rollout_targets CHECK (targets >= 0),
  pause_reason          text,
  -- Failures an operator accepted by resuming: the canary and the budget count only later ones.
  failures_acknowledged integer     NOT NULL DEFAULT 0,
  created_by            text        NOT NULL,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  finished_at           timestamptz,
  CONSTRAINT rollout_package FOREIGN KEY (package_name, version) REFERENCES package_version (name, version)
);
CREATE INDEX rollout_page ON rollout (created_at, id);
CREATE INDEX rollout_by_org_page ON rollout (organization_id, created_at, id);

-- One environment of a rollout. position orders the targets (organization, creation time, id);
-- the first `canary` positions are wave 0, then waves of `batch_size`.
CREATE TABLE rollout_target (
  rollout_id     uuid        NOT NULL REFERENCES rollout (id) ON DELETE CASCADE,
  environment_id uuid        NOT NULL REFERENCES environment (id) ON DELETE CASCADE,
  -- The database server at creation time (null: the local disk, e.g. SQLite); bounds concurrency.
  server_id      uuid,
  position       integer     NOT NULL,
  wave           integer     NOT NULL,
  status         text        NOT NULL CONSTRAINT rollout_target_status CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped_drift', 'skipped_not_active')),
  from_version   text,
  error          text,
  -- Claims so far: a result is recorded only by the attempt that holds the target.
  attempts       integer     NOT NULL DEFAULT 0,
  started_at     timestamptz,
  finished_at    timestamptz,
  PRIMARY KEY (rollout_id, environment_id),
  CONSTRAINT rollout_target_position_unique UNIQUE (rollout_id, position)
);
CREATE INDEX rollout_target_by_wave ON rollout_target (rollout_id, wave, position);
CREATE INDEX rollout_target_by_status ON rollout_target (rollout_id, status, position);
