/**
 * The routing R2DBC {@link io.r2dbc.spi.ConnectionFactory} for PostgreSQL environments: one
 * r2dbc-pool per environment, keyed by the environment in the subscriber's Reactor context.
 */
@NullMarked
package io.envprov.dataplane.r2dbc;

import org.jspecify.annotations.NullMarked;
