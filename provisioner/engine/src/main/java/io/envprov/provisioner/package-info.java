/**
 * The provisioning engine: durable operations executed on db-scheduler over the control-plane
 * database, calling drivers through the SPI with retries and compensation. It depends on the SPI,
 * never on a driver.
 */
@NullMarked
package io.envprov.provisioner;

import org.jspecify.annotations.NullMarked;
