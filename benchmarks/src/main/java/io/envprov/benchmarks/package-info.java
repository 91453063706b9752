/**
 * Benchmark harnesses. {@link io.envprov.benchmarks.ProvisioningBenchmark} measures environment
 * provisioning through the control plane's HTTP API against direct SQLite baselines in the same
 * run; see {@code benchmarks/README.md}.
 */
@NullMarked
package io.envprov.benchmarks;

import org.jspecify.annotations.NullMarked;
