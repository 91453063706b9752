/**
 * A Hrana-over-HTTP client: pipelines on {@code /v2/pipeline}, streams kept by batons, batches with
 * conditions, the five value types and the server's errors as {@link java.sql.SQLException}s.
 */
@NullMarked
package io.envprov.libsql.hrana;

import org.jspecify.annotations.NullMarked;
