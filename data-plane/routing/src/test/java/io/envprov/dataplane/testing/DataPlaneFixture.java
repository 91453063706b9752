package io.envprov.dataplane.testing;

import io.envprov.dataplane.credentials.CredentialSettings;
import io.envprov.dataplane.credentials.CredentialStore;
import io.envprov.dataplane.credentials.HttpConnectionBroker;
import java.time.Clock;
import java.time.Duration;

/**
 * What most data-plane tests need: the shared PostgreSQL server, a fresh control-plane double and a
 * way to make environments and credential stores against them.
 */
public final class DataPlaneFixture implements AutoCloseable {

  public final PostgresServer postgres = PostgresServer.shared();
  public final ControlPlaneDouble controlPlane = ControlPlaneDouble.start();
  public final Environments environments = new Environments(postgres, controlPlane);

  /** A credential store on the double's broker with the default settings. */
  public CredentialStore credentials() {
    return credentials(CredentialSettings.DEFAULTS);
  }

  public CredentialStore credentials(CredentialSettings settings) {
    return new CredentialStore(
        new HttpConnectionBroker(
            controlPlane.url(), controlPlane.serviceToken(), Duration.ofSeconds(10)),
        settings,
        Clock.systemUTC());
  }

  @Override
  public void close() {
    controlPlane.close();
  }
}
