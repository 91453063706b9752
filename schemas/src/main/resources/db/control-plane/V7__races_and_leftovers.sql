-- Issue 10, item 7 (races and leftovers).

-- An environment member is an organization member: the foreign key, not the service's earlier
-- read, guarantees it. Adding an environment member locks the organization membership (the key
-- check takes FOR KEY SHARE), so a removal running at the same time either waits and then
-- cascades to the new row, or wins first and the add fails; no interleaving leaves an
-- environment role behind without an organization role. Rows left by such races before this
-- migration are removed first.
DELETE FROM environment_member em
 WHERE NOT EXISTS (SELECT 1 FROM organization_member om
                    WHERE om.organization_id = em.organization_id AND om.user_id = em.user_id);
ALTER TABLE environment_member
  ADD CONSTRAINT environment_member_organization_member_fk
  FOREIGN KEY (organization_id, user_id)
  REFERENCES organization_member (organization_id, user_id) ON DELETE CASCADE;

-- A random secret per server for drivers that sign their own tokens (libSQL on sqld), sealed by
-- the KMS like the admin secret. Earlier the sqld driver derived its signing key from the admin
-- auth key, so anyone who knew (or guessed a default of) that key could mint tokens for every
-- namespace. Generated on first use of the server; deleted with it.
CREATE TABLE database_server_driver_key (
  server_id          uuid PRIMARY KEY REFERENCES database_server (id) ON DELETE CASCADE,
  key_cipher         bytea       NOT NULL,
  encrypted_data_key bytea       NOT NULL,
  kms_key_id         text        NOT NULL,
  created_at         timestamptz NOT NULL
);
