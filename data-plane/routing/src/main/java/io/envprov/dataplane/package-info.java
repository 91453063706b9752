/**
 * The data plane: routes JDBC and R2DBC connections to the database of the environment bound to the
 * current request, job or reactive pipeline.
 *
 * <p>Features, one package each: {@code binding} (which environment the current work belongs to),
 * {@code reactive} (the same for Reactor pipelines), {@code credentials} (connection facts from the
 * control plane's broker), {@code pool} (one bounded, lazily created pool per environment), {@code
 * jdbc} and {@code r2dbc} (the routing {@code DataSource} and {@code ConnectionFactory}), {@code
 * session} (session-token verification), {@code web} (servlet and WebFlux filters) and {@code
 * autoconfigure} (Spring Boot).
 */
@NullMarked
package io.envprov.dataplane;

import org.jspecify.annotations.NullMarked;
