/** The libSQL driver benchmark, run by {@code provisioner/driver-libsql/bench.sh}. */
@NullMarked
package io.envprov.driver.libsql.bench;

import org.jspecify.annotations.NullMarked;
