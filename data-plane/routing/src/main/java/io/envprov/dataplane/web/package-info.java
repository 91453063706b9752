/**
 * Filters that bind the session token's {@code active_environment_id} to each request: a servlet
 * {@link jakarta.servlet.Filter} (thread binding) and a WebFlux {@link
 * org.springframework.web.server.WebFilter} (Reactor context).
 */
@NullMarked
package io.envprov.dataplane.web;

import org.jspecify.annotations.NullMarked;
