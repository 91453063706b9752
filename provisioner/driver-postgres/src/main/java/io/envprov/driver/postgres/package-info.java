/**
 * The PostgreSQL driver: one database per environment on a server from the pool.
 *
 * <p>Each database {@code <name>} gets three NOLOGIN group roles, {@code <name>_admin} (owns the
 * schema and everything in it), {@code <name>_readwrite} (DML) and {@code <name>_readonly}
 * (SELECT); every credential is a LOGIN role that is a member of one of them. {@code PUBLIC} may
 * not connect. Every step is idempotent and serialised per database name by a PostgreSQL advisory
 * lock, so that retries, crashes and several provisioner replicas converge on the same state.
 */
@NullMarked
package io.envprov.driver.postgres;

import org.jspecify.annotations.NullMarked;
