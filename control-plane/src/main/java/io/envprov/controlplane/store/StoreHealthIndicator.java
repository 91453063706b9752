package io.envprov.controlplane.store;

import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code /actuator/health} component {@code store}: the control-plane PostgreSQL answers. */
@Component("store")
class StoreHealthIndicator extends AbstractReactiveHealthIndicator {

  private final DSLContext dsl;

  StoreHealthIndicator(@Qualifier("reactive") DSLContext dsl) {
    super("control-plane store health check failed");
    this.dsl = dsl;
  }

  @Override
  protected Mono<Health> doHealthCheck(Health.Builder builder) {
    return Mono.from(dsl.selectOne()).map(row -> builder.up().build());
  }
}
