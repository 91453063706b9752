/** libSQL driver: sqld namespaces, Hrana over HTTP and Turso's Platform API. */
package io.envprov.driver.libsql;
