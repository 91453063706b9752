package io.envprov.driver.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DriverRegistryTest {

  @Test
  void askingForAMissingDriverNamesItAndTheAvailableOnes() {
    DriverRegistry registry =
        DriverRegistry.of(new FakeProvider("alpha"), new FakeProvider("beta"));

    assertThatThrownBy(() -> registry.provider("oracle"))
        .isInstanceOfSatisfying(
            DriverNotFoundException.class, e -> assertThat(e.driverName()).isEqualTo("oracle"))
        .hasMessageContaining("'oracle'")
        .hasMessageContaining("available: alpha, beta")
        .hasMessageContaining("driver-oracle");
  }

  @Test
  void askingAnEmptyRegistrySaysNoneIsAvailable() {
    assertThatThrownBy(() -> DriverRegistry.of().provider("sqlite"))
        .isInstanceOf(DriverNotFoundException.class)
        .hasMessageContaining("'sqlite'")
        .hasMessageContaining("available: none");
  }

  @Test
  void aProviderReadsBaselinesThroughTheCreatingThreadsContextClassLoaderOrItsOwn() {
    FakeProvider provider = new FakeProvider("alpha");
    ClassLoader context = new ClassLoader(null) {};
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try {
      thread.setContextClassLoader(context);
      assertThat(provider.classLoader()).isSameAs(context);
      thread.setContextClassLoader(null);
      assertThat(provider.classLoader()).isSameAs(FakeProvider.class.getClassLoader());
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void aRegisteredDriverIsFoundByItsName() {
    FakeProvider beta = new FakeProvider("beta");
    DriverRegistry registry = DriverRegistry.of(new FakeProvider("alpha"), beta);

    assertThat(registry.provider("beta")).isSameAs(beta);
    assertThat(registry.names()).containsExactly("alpha", "beta");
  }

  @Test
  void twoProvidersOfOneNameAreRefused() {
    assertThatThrownBy(
            () -> DriverRegistry.of(new FakeProvider("alpha"), new FakeProvider("alpha")))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("'alpha'");
  }

  /** A provider that is never asked for a driver: the registry only needs its name. */
  private record FakeProvider(String name) implements DatabaseDriverProvider {

    @Override
    public DatabaseDriver create(DriverContext context) {
      throw new UnsupportedOperationException("a fake provider creates no driver");
    }
  }
}
