package io.envprov.controlplane.security;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import reactor.core.publisher.Mono;

/** The authenticated actor of the current request. */
public final class CurrentActor {

  private CurrentActor() {}

  public static Mono<Actor> get() {
    return ReactiveSecurityContextHolder.getContext()
        .map(context -> (Actor) context.getAuthentication().getPrincipal());
  }
}
