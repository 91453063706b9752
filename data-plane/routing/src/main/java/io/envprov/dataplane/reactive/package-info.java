/**
 * The environment binding for Reactor pipelines: carried in the subscriber {@code Context} rather
 * than a thread, and handed to blocking JDBC work on a worker thread.
 */
@NullMarked
package io.envprov.dataplane.reactive;

import org.jspecify.annotations.NullMarked;
