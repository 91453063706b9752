-- Data-plane baseline, applied to every environment database by every driver.
-- Portable SQL (PostgreSQL, SQLite, libSQL). No tenant or environment columns: the environment is the connection.
CREATE TABLE sys_package_installation (
  id           uuid PRIMARY KEY,
  package_id   text      NOT NULL,
  version      text      NOT NULL,
  status       text      NOT NULL,
  installed_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  installed_by text,
  metadata     json
);
CREATE INDEX sys_package_installation_package ON sys_package_installation (package_id);
