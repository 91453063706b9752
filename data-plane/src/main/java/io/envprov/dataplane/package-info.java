/**
 * The data plane that applications embed: a routing {@code DataSource} that picks the connection of
 * the environment bound to the current session ({@code active_environment_id}) and refuses to route
 * when none is bound. This module is a skeleton until the sessions-and-routing issue.
 */
package io.envprov.dataplane;
