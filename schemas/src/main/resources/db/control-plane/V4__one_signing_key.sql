-- At most one session signing key signs at a time (the others are superseded, still published).
CREATE UNIQUE INDEX session_signing_key_current ON session_signing_key ((true)) WHERE superseded_at IS NULL;
