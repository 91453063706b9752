/**
 * The SQLite driver: one database file per environment below the service's data directory.
 *
 * <p>Files are only ever published complete: every new database is written to a temporary file in
 * the same directory and then linked or moved atomically under its final name, so a crash leaves at
 * worst a dot-prefixed temporary file, which never counts as a database.
 */
@NullMarked
package io.envprov.driver.sqlite;

import org.jspecify.annotations.NullMarked;
