-- The revocation feed that data planes poll reads the sessions revoked within the last token lifetime.
CREATE INDEX user_session_revoked ON user_session (revoked_at) WHERE revoked_at IS NOT NULL;
