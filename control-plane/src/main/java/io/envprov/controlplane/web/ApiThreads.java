package io.envprov.controlplane.web;

import io.envprov.controlplane.config.ControlPlaneProperties;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The bounded pool of threads on which the control plane's blocking core runs: every controller
 * method that returns a plain value is invoked here by WebFlux (see {@link ApiExecution}), and the
 * few reactive places that need the store (authentication, long polls) hop here through {@link
 * #call}. Nothing else in the control plane blocks: the event loop only parses, routes and writes.
 * A full queue answers 503 {@code service_unavailable} rather than queueing without bound.
 */
@Component
public class ApiThreads implements AutoCloseable {

  private final ThreadPoolTaskExecutor executor;
  private final Scheduler scheduler;

  ApiThreads(ControlPlaneProperties properties) {
    ControlPlaneProperties.Database database = properties.database();
    executor = new ThreadPoolTaskExecutor();
    executor.setThreadNamePrefix("api-");
    executor.setCorePoolSize(database.apiThreads());
    executor.setMaxPoolSize(database.apiThreads());
    executor.setQueueCapacity(database.apiQueue());
    executor.setDaemon(true);
    executor.initialize();
    // Not fromExecutorService: that one interrupts a task whose subscriber cancels (a long poll
    // timing out), and an interrupt inside a JDBC call can break the pooled connection.
    scheduler = Schedulers.fromExecutor(executor);
  }

  /** The executor WebFlux invokes blocking controller methods on. */
  AsyncTaskExecutor executor() {
    return executor;
  }

  /** Runs {@code work} on the core threads; its value (or exception) is emitted from there. */
  public <T> Mono<T> call(Callable<T> work) {
    return Mono.fromCallable(work)
        .subscribeOn(scheduler)
        .onErrorMap(RejectedExecutionException.class, ApiThreads::overloaded);
  }

  /** Runs {@code work} on the core threads and completes when it returns. */
  public Mono<Void> run(Runnable work) {
    return Mono.fromRunnable(work)
        .subscribeOn(scheduler)
        .onErrorMap(RejectedExecutionException.class, ApiThreads::overloaded)
        .then();
  }

  static ApiException overloaded(RejectedExecutionException e) {
    return new ApiException(
        ErrorCode.SERVICE_UNAVAILABLE, "the service is overloaded; retry in a moment");
  }

  @Override
  public void close() {
    scheduler.dispose();
    executor.shutdown();
  }
}
