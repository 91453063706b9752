-- Issue 10, items 3 and 4: API keys that expire, users that can be disabled, and data-plane
-- service accounts scoped to organizations and a highest credential scope.

-- A disabled user's API keys and OIDC tokens are refused and their sessions revoked.
ALTER TABLE app_user ADD COLUMN disabled_at timestamptz;

-- Optional expiry of an API key: past it the key is refused (401).
ALTER TABLE api_key ADD COLUMN expires_at timestamptz;

-- What a data-plane service account may fetch from the connection broker. Existing service
-- accounts get no organization at all (so the broker refuses them) rather than every
-- organization: a key minted before scoping existed is not silently granted the whole platform;
-- a platform admin creates a scoped replacement.
ALTER TABLE api_key ADD COLUMN all_organizations boolean NOT NULL DEFAULT false;
ALTER TABLE api_key ADD COLUMN max_scope text
  CONSTRAINT api_key_max_scope CHECK (max_scope IN ('readonly', 'readwrite', 'admin'));
UPDATE api_key SET max_scope = 'readwrite' WHERE role = 'data_plane';

CREATE TABLE service_account_organization (
  api_key_id      uuid NOT NULL REFERENCES api_key (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
  PRIMARY KEY (api_key_id, organization_id)
);

-- Revoking all of a user's sessions at once (disable, "log out everywhere", member removal).
CREATE INDEX user_session_open_by_user ON user_session (user_id) WHERE revoked_at IS NULL;
