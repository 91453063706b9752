-- A test baseline in two migrations: Flyway must run both as the admin group.
CREATE TABLE first_step (id integer PRIMARY KEY);
