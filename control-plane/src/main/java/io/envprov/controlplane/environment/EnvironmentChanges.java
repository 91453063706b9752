package io.envprov.controlplane.environment;

import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Tells waiting requests in this replica that an environment's operation finished (the worker calls
 * {@link #accept(UUID)} after the outcome commits). Best effort: a change made by another replica
 * is seen by the waiters' periodic re-read instead.
 */
@Component
public class EnvironmentChanges implements Consumer<UUID> {

  private final Sinks.Many<UUID> changes = Sinks.many().multicast().directBestEffort();

  /** The environment's state changed (committed). */
  @Override
  public void accept(UUID environmentId) {
    changes.tryEmitNext(environmentId);
  }

  /** Changes of one environment, from the moment of subscription. */
  Flux<UUID> of(UUID environmentId) {
    return changes.asFlux().filter(environmentId::equals);
  }
}
