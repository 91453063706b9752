package io.envprov.controlplane.store;

import org.jooq.DSLContext;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code store}: the control-plane PostgreSQL answers. A
 * blocking indicator over the one JDBC context; Boot's reactive health endpoint runs it off the
 * event loop.
 */
@Component("store")
class StoreHealthIndicator extends AbstractHealthIndicator {

  private final DSLContext dsl;

  StoreHealthIndicator(DSLContext dsl) {
    super("control-plane store health check failed");
    this.dsl = dsl;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    dsl.selectOne().fetch();
    builder.up();
  }
}
