package io.envprov.controlplane.server;

import static io.envprov.controlplane.store.Tables.DatabaseServer.*;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.ApiThreads;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.ServerTarget;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.ServerGuards;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/health} component {@code servers}: each database server's health and circuit,
 * with its host, for platform admins only. Down servers do not make the service down (other servers
 * and SQLite still work), so for anyone else the component has nothing to add to the status and is
 * not checked at all ({@code UNKNOWN}, which never lowers the aggregate): a health check logs in to
 * every server as its admin and opens the admin secret with the KMS, and an unauthenticated caller
 * must not be able to make the service do that. Reactive because only the reactive security context
 * knows the caller; the probe itself runs on the core's threads.
 */
@Component("servers")
class ServersHealthIndicator extends AbstractReactiveHealthIndicator {

  private final DSLContext dsl;
  private final ServerDirectory directory;
  private final DriverCatalog drivers;
  private final ServerGuards guards;
  private final ApiThreads apiThreads;

  ServersHealthIndicator(
      DSLContext dsl,
      ServerDirectory directory,
      DriverCatalog drivers,
      ServerGuards guards,
      ApiThreads apiThreads) {
    super("database servers health check failed");
    this.dsl = dsl;
    this.directory = directory;
    this.drivers = drivers;
    this.guards = guards;
    this.apiThreads = apiThreads;
  }

  @Override
  protected Mono<org.springframework.boot.health.contributor.Health> doHealthCheck(
      org.springframework.boot.health.contributor.Health.Builder builder) {
    return ReactiveSecurityContextHolder.getContext()
        .mapNotNull(SecurityContext::getAuthentication)
        .filter(ServersHealthIndicator::platformAdmin)
        .flatMap(admin -> apiThreads.call(() -> probe(builder)))
        .switchIfEmpty(Mono.fromSupplier(() -> builder.unknown().build()));
  }

  private static boolean platformAdmin(Authentication authentication) {
    return authentication.isAuthenticated()
        && authentication.getPrincipal() instanceof Actor actor
        && actor.platformAdmin();
  }

  private org.springframework.boot.health.contributor.Health probe(
      org.springframework.boot.health.contributor.Health.Builder builder) {
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
    return builder.build();
  }
}
