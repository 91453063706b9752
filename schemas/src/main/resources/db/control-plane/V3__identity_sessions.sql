-- Sessions: the keys that sign session tokens (private halves sealed like credentials), and
-- lookups of memberships by user.

CREATE TABLE session_signing_key (
  kid                 text PRIMARY KEY,
  algorithm           text        NOT NULL CONSTRAINT session_signing_key_algorithm CHECK (algorithm IN ('ES256')),
  public_jwk          jsonb       NOT NULL,
  private_cipher      bytea       NOT NULL,
  encrypted_data_key  bytea       NOT NULL,
  kms_key_id          text        NOT NULL,
  created_at          timestamptz NOT NULL,
  -- Set when a newer key took over signing; the key is still published until retired_at.
  superseded_at       timestamptz,
  retired_at          timestamptz
);

CREATE INDEX organization_member_by_user ON organization_member (user_id);
CREATE INDEX environment_member_by_user ON environment_member (user_id);
CREATE INDEX user_session_by_user ON user_session (user_id);
CREATE INDEX api_key_by_user ON api_key (user_id);
