/**
 * The libSQL driver: one sqld namespace (or Turso database) per environment, the baseline applied
 * over Hrana with Flyway, one Ed25519 key per credential on sqld. See the module README.
 */
@NullMarked
package io.envprov.driver.libsql;

import org.jspecify.annotations.NullMarked;
