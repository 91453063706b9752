/**
 * A notes service that embeds the data plane: each request's session token picks the environment,
 * and notes are stored in that environment's own database.
 */
@NullMarked
package io.envprov.dataplane.example;

import org.jspecify.annotations.NullMarked;
