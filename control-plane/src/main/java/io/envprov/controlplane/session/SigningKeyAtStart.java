package io.envprov.controlplane.session;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes the first session signing key on start rather than on the first request that needs one: the
 * open JWKS route would otherwise let an unauthenticated caller make the service seal a new key
 * with the KMS. Once a key exists this only reads the store.
 */
@Component
class SigningKeyAtStart implements ApplicationRunner {

  private final SigningKeys keys;

  SigningKeyAtStart(SigningKeys keys) {
    this.keys = keys;
  }

  @Override
  public void run(ApplicationArguments args) {
    keys.ensureCurrent();
  }
}
