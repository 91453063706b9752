package io.envprov.controlplane.server;

import static io.envprov.controlplane.store.Tables.DatabaseServer.*;

import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.ServerGuards;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code servers}: each database server's health and circuit.
 * Down servers do not make the service down (other servers and SQLite still work); they show as
 * details to authenticated callers.
 */
@Component("servers")
class ServersHealthIndicator extends AbstractHealthIndicator {

  private final DSLContext dsl;
  private final ServerDirectory directory;
  private final DriverCatalog drivers;
  private final ServerGuards guards;

  ServersHealthIndicator(
      @Qualifier("blocking") DSLContext dsl,
      ServerDirectory directory,
      DriverCatalog drivers,
      ServerGuards guards) {
    super("database servers health check failed");
    this.dsl = dsl;
    this.directory = directory;
    this.drivers = drivers;
    this.guards = guards;
  }

  @Override
  protected void doHealthCheck(org.springframework.boot.health.contributor.Health.Builder builder) {
    builder.up();
    for (Record row : dsl.selectFrom(TABLE).orderBy(NAME).fetch()) {
      String detail;
      if (!drivers.isAvailable(row.get(DRIVER))) {
        detail = "DOWN: driver " + row.get(DRIVER) + " is not installed";
      } else {
        ServerTarget target = directory.target(row);
        Health health = drivers.driver(row.get(DRIVER)).health(target);
        detail =
            health.status()
                + ": "
                + health.detail()
                + (guards.isOpen(target.id()) ? " (circuit open)" : "");
      }
      builder.withDetail(row.get(NAME), detail);
    }
  }
}
