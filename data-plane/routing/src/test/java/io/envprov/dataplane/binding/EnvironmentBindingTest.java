package io.envprov.dataplane.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.dataplane.credentials.PoolKey;
import io.envprov.dataplane.reactive.ReactorBinding;
import io.envprov.driver.spi.CredentialScope;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class EnvironmentBindingTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void nothingIsBoundOutsideAScopeAndRequiringItSaysSo() {
    assertThat(EnvironmentBinding.current()).isEmpty();
    assertThatThrownBy(EnvironmentBinding::require)
        .isInstanceOf(NoEnvironmentBoundException.class)
        .hasMessageContaining("No environment is bound")
        .hasMessageContaining("no fallback database");
  }

  @Test
  void nestedScopesRestoreTheOuterEnvironmentWhenTheyClose() {
    UUID outer = UUID.randomUUID();
    UUID inner = UUID.randomUUID();
    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(outer)) {
      try (EnvironmentScope.Bound nested = EnvironmentScope.open(inner)) {
        assertThat(EnvironmentBinding.require()).isEqualTo(inner);
      }
      assertThat(EnvironmentBinding.require()).isEqualTo(outer);
    }
    assertThat(EnvironmentBinding.current()).isEmpty();
  }

  @Test
  void thePoolKeyFollowsTheBindingEnvironmentAndScopeLimitAcrossRebinding() {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(first, CredentialScope.READONLY)) {
      assertThat(EnvironmentBinding.requireKey(CredentialScope.READWRITE))
          .isEqualTo(new PoolKey(first, CredentialScope.READONLY));
    }
    try (EnvironmentScope.Bound ignored = EnvironmentScope.open(first)) {
      assertThat(EnvironmentBinding.requireKey(CredentialScope.READWRITE))
          .isEqualTo(new PoolKey(first, CredentialScope.READWRITE));
      assertThat(EnvironmentBinding.requireKey(CredentialScope.ADMIN))
          .isEqualTo(new PoolKey(first, CredentialScope.ADMIN));
      try (EnvironmentScope.Bound nested = EnvironmentScope.open(second)) {
        assertThat(EnvironmentBinding.requireKey(CredentialScope.ADMIN))
            .isEqualTo(new PoolKey(second, CredentialScope.ADMIN));
      }
      assertThat(EnvironmentBinding.requireKey(CredentialScope.ADMIN))
          .isEqualTo(new PoolKey(first, CredentialScope.ADMIN));
    }
    assertThatThrownBy(() -> EnvironmentBinding.requireKey(CredentialScope.READWRITE))
        .isInstanceOf(NoEnvironmentBoundException.class);
  }

  @Test
  void aTaskSubmittedThroughAPropagatingExecutorRunsBoundToTheSubmittersEnvironment()
      throws Exception {
    ExecutorService propagating = BindingPropagation.propagating(pool);
    UUID environment = UUID.randomUUID();

    Optional<UUID> seen =
        EnvironmentScope.call(
            environment, () -> propagating.submit(EnvironmentBinding::current).get());
    Optional<UUID> unbound = propagating.submit(EnvironmentBinding::current).get();

    assertThat(seen).contains(environment);
    assertThat(unbound).as("a task submitted with nothing bound runs unbound").isEmpty();
  }

  @Test
  void aWorkerThreadDoesNotKeepTheBindingOfATaskItRanBefore() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      UUID environment = UUID.randomUUID();
      EnvironmentScope.call(
          environment, () -> single.submit(BindingPropagation.wrap(() -> {})).get());
      Optional<UUID> afterwards = single.submit(EnvironmentBinding::current).get();
      assertThat(afterwards).isEmpty();
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void blockingWorkInAReactorPipelineRunsBoundToTheEnvironmentOfItsContext() {
    UUID environment = UUID.randomUUID();

    Optional<UUID> seen =
        ReactorBinding.blocking(EnvironmentBinding::current)
            .publishOn(Schedulers.parallel())
            .contextWrite(ReactorBinding.bind(environment))
            .block();
    Optional<UUID> unbound = ReactorBinding.blocking(EnvironmentBinding::current).block();

    assertThat(seen).contains(environment);
    assertThat(unbound).isEmpty();
  }

  @Test
  void theContextBindingReachesOperatorsUpstreamOfContextWriteAcrossThreadHops() {
    UUID environment = UUID.randomUUID();

    Optional<UUID> seen =
        Mono.just(1)
            .publishOn(Schedulers.boundedElastic())
            .flatMap(ignored -> Mono.deferContextual(c -> Mono.just(ReactorBinding.environment(c))))
            .subscribeOn(Schedulers.parallel())
            .contextWrite(ReactorBinding.bind(environment))
            .block();

    assertThat(seen).contains(environment);
  }
}
