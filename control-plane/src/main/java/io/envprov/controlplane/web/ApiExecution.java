package io.envprov.controlplane.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * The thin reactive edge: WebFlux invokes every controller method that returns a plain value (not a
 * {@code Mono} or {@code Flux}) on {@link ApiThreads}, so controllers and services are plain
 * blocking code over JDBC and the event loop never waits on the store.
 */
@Configuration(proxyBeanMethods = false)
class ApiExecution implements WebFluxConfigurer {

  private final ApiThreads threads;

  ApiExecution(ApiThreads threads) {
    this.threads = threads;
  }

  @Override
  public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
    configurer.setExecutor(threads.executor());
  }
}
