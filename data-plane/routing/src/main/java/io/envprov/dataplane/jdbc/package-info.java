/**
 * The routing {@link javax.sql.DataSource}: for every JDBC driver, one HikariCP pool per
 * environment whose physical connections are made with the environment's current credential.
 */
@NullMarked
package io.envprov.dataplane.jdbc;

import org.jspecify.annotations.NullMarked;
