/**
 * The {@code jdbc:libsql:} JDBC driver over Hrana HTTP. The supported subset of JDBC is listed in
 * the module README; everything else throws {@link java.sql.SQLFeatureNotSupportedException} (built
 * by {@link io.envprov.libsql.jdbc.Unsupported}), except {@link java.sql.DatabaseMetaData}'s
 * questions, which are all answered (see {@link io.envprov.libsql.jdbc.DatabaseMetaDataProxy}).
 */
@NullMarked
package io.envprov.libsql.jdbc;

import org.jspecify.annotations.NullMarked;
