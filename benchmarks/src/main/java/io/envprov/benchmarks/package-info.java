/**
 * Benchmark harnesses. {@link io.envprov.benchmarks.ProvisioningBenchmark} measures SQLite
 * environment provisioning through the control plane's HTTP API against direct SQLite baselines in
 * the same run; {@link io.envprov.benchmarks.PostgresProvisioningBenchmark} does the same for
 * PostgreSQL environments against the raw SQL of the {@code postgres} driver. See {@code
 * benchmarks/README.md}.
 */
@NullMarked
package io.envprov.benchmarks;

import org.jspecify.annotations.NullMarked;
