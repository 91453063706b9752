/**
 * One lazily created pool per environment and scope, in a bounded cache: at most {@code maxPools},
 * idle ones evicted, evicted ones closed once their borrowed connections are back.
 */
@NullMarked
package io.envprov.dataplane.pool;

import org.jspecify.annotations.NullMarked;
