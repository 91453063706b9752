/**
 * The {@code jdbc:libsql:} JDBC driver over Hrana HTTP. The supported subset of JDBC is listed in
 * the module README; everything else throws {@link java.sql.SQLFeatureNotSupportedException}.
 */
@NullMarked
package io.envprov.libsql.jdbc;

import org.jspecify.annotations.NullMarked;
