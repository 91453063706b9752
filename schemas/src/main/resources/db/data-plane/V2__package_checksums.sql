-- Data-plane baseline V2 (issue 12): the checksum of the installed package version gets its own column, and a
-- package has one row (the runner upserts it). Portable SQL (PostgreSQL, SQLite, libSQL).
ALTER TABLE sys_package_installation ADD COLUMN checksum text;
DROP INDEX sys_package_installation_package;
CREATE UNIQUE INDEX sys_package_installation_package ON sys_package_installation (package_id);
