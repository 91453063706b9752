/**
 * Test servers published in the test-jar: {@link
 * io.envprov.driver.libsql.testserver.LibsqlTestServer}, faithful to sqld, and {@link
 * io.envprov.driver.libsql.testserver.TursoPlatformTestServer}.
 */
@NullMarked
package io.envprov.driver.libsql.testserver;

import org.jspecify.annotations.NullMarked;
