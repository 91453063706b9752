/**
 * JMH benchmarks of the data plane against direct HikariCP baselines in the same run, and a heap
 * footprint harness; {@code data-plane/run-benchmarks.sh} runs them.
 */
@NullMarked
package io.envprov.dataplane.benchmarks;

import org.jspecify.annotations.NullMarked;
