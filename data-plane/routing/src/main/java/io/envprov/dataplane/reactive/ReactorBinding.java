package io.envprov.dataplane.reactive;

import io.envprov.dataplane.binding.EnvironmentBinding;
import io.envprov.dataplane.binding.EnvironmentScope;
import io.envprov.driver.spi.CredentialScope;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The environment of a Reactor pipeline, kept in its {@link Context}:
 *
 * <pre>{@code
 * mono.contextWrite(ReactorBinding.bind(environmentId))
 * }</pre>
 *
 * The routing {@code ConnectionFactory} reads it from there; {@link #blocking} hands it to JDBC
 * work run on a worker thread.
 */
public final class ReactorBinding {

  /** The context key under which the environment id is stored. */
  public static final Class<ReactorBinding> KEY = ReactorBinding.class;

  /** The context key under which the scope limit (a session's scope) is stored. */
  public static final Class<CredentialScope> SCOPE_KEY = CredentialScope.class;

  private ReactorBinding() {}

  /** For {@code contextWrite}: binds {@code environmentId} to everything upstream. */
  public static Function<Context, Context> bind(UUID environmentId) {
    return context -> context.put(KEY, environmentId).delete(SCOPE_KEY);
  }

  /**
   * For {@code contextWrite}: binds {@code environmentId} to everything upstream, whose connections
   * do at most what {@code scopeLimit} allows (a session's scope).
   */
  public static Function<Context, Context> bind(UUID environmentId, CredentialScope scopeLimit) {
    return context -> context.put(KEY, environmentId).put(SCOPE_KEY, scopeLimit);
  }

  /**
   * The scope to connect with: {@code configured}, narrowed to the limit bound in {@code context}
   * (else the current thread's, when the environment comes from the thread).
   */
  public static CredentialScope effectiveScope(ContextView context, CredentialScope configured) {
    if (context.hasKey(KEY)) {
      return EnvironmentBinding.narrower(
          configured, context.<CredentialScope>getOrEmpty(SCOPE_KEY).orElse(null));
    }
    return EnvironmentBinding.effectiveScope(configured);
  }

  /**
   * The environment bound in {@code context}, else the one bound to the current thread (a pipeline
   * assembled and subscribed inside an {@link EnvironmentScope}).
   */
  public static Optional<UUID> environment(ContextView context) {
    Optional<UUID> fromContext = context.getOrEmpty(KEY);
    return fromContext.isPresent() ? fromContext : EnvironmentBinding.current();
  }

  /**
   * Runs blocking {@code work} (JDBC through the routing {@code DataSource}) on the bounded elastic
   * scheduler with the pipeline's environment bound to the worker thread.
   */
  public static <T> Mono<T> blocking(Callable<T> work) {
    return blocking(work, Schedulers.boundedElastic());
  }

  /** As {@link #blocking(Callable)}, on {@code scheduler}. */
  public static <T> Mono<T> blocking(Callable<T> work, Scheduler scheduler) {
    return Mono.deferContextual(
        context -> {
          Optional<UUID> environment = environment(context);
          Optional<CredentialScope> limit =
              context.hasKey(KEY) ? context.getOrEmpty(SCOPE_KEY) : EnvironmentBinding.scopeLimit();
          Callable<T> bound =
              environment.isEmpty()
                  ? work
                  : limit.isPresent()
                      ? () -> call(environment.get(), limit.get(), work)
                      : () -> EnvironmentScope.call(environment.get(), work);
          return Mono.fromCallable(bound).subscribeOn(scheduler);
        });
  }

  private static <T> T call(UUID environment, CredentialScope limit, Callable<T> work)
      throws Exception {
    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(environment, limit)) {
      return work.call();
    }
  }
}
