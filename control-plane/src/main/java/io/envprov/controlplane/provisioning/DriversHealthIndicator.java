package io.envprov.controlplane.provisioning;

import io.envprov.driver.spi.Health;
import io.envprov.provisioner.DriverCatalog;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code drivers}: each installed driver's own health, without
 * contacting any server. Components and details are shown to platform admins only.
 */
@Component("drivers")
class DriversHealthIndicator extends AbstractHealthIndicator {

  private final DriverCatalog drivers;

  DriversHealthIndicator(DriverCatalog drivers) {
    super("drivers health check failed");
    this.drivers = drivers;
  }

  @Override
  protected void doHealthCheck(org.springframework.boot.health.contributor.Health.Builder builder) {
    boolean allUp = true;
    for (String name : drivers.names()) {
      Health health = drivers.driver(name).health(null);
      allUp &= health.isUp();
      builder.withDetail(name, health.status() + ": " + health.detail());
    }
    if (allUp) {
      builder.up();
    } else {
      builder.down();
    }
  }
}
