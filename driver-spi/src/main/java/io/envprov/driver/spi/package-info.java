/**
 * The database driver SPI. A driver creates, copies and drops one database per environment and
 * manages the credentials that open it. Plain Java: this package depends on nothing but the JDK.
 *
 * <p>Drivers are found through {@link java.util.ServiceLoader} by {@link DriverRegistry}: a driver
 * module ships a {@link DatabaseDriverProvider} listed in {@code
 * META-INF/services/io.envprov.driver.spi.DatabaseDriverProvider}.
 *
 * <p>Every driver method is blocking and idempotent, keyed by the database name and the credential
 * username, so that a retried provisioning step never creates anything twice.
 */
@NullMarked
package io.envprov.driver.spi;

import org.jspecify.annotations.NullMarked;
