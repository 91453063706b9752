/**
 * Test servers published in the test-jar: {@link io.envprov.libsql.testserver.LibsqlTestServer},
 * faithful to sqld, and {@link io.envprov.libsql.testserver.TursoPlatformTestServer}.
 */
@NullMarked
package io.envprov.libsql.testserver;

import org.jspecify.annotations.NullMarked;
