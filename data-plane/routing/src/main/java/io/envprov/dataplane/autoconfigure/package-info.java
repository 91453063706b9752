/**
 * Spring Boot auto-configuration: the routing {@code DataSource}, the routing R2DBC {@code
 * ConnectionFactory} (when r2dbc-postgresql and r2dbc-pool are present) and the session-token
 * filter of the application's web stack, configured by {@code dataplane.*} properties.
 */
@NullMarked
package io.envprov.dataplane.autoconfigure;

import org.jspecify.annotations.NullMarked;
