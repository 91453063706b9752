package io.envprov.driver.spi;

import static io.envprov.driver.spi.Capabilities.Flag.COPY;
import static io.envprov.driver.spi.Capabilities.Flag.PER_CREDENTIAL_REVOCATION;
import static io.envprov.driver.spi.Capabilities.Flag.READONLY_SCOPE;
import static io.envprov.driver.spi.Capabilities.Flag.REQUIRES_SERVER;
import static io.envprov.driver.spi.Capabilities.Flag.SCHEMA_ONLY_COPY;
import static io.envprov.driver.spi.Capabilities.Flag.SERVER_SIDE_AUTHENTICATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CapabilitiesTest {

  @Test
  void each_named_flag_answers_its_own_question() {
    Capabilities capabilities = Capabilities.of(COPY, READONLY_SCOPE);

    assertThat(capabilities.copy()).isTrue();
    assertThat(capabilities.readonlyScope()).isTrue();
    assertThat(capabilities.schemaOnlyCopy()).isFalse();
    assertThat(capabilities.perCredentialRevocation()).isFalse();
    assertThat(capabilities.serverSideAuthentication()).isFalse();
    assertThat(capabilities.requiresServer()).isFalse();
    assertThat(capabilities.flags()).containsExactlyInAnyOrder(COPY, READONLY_SCOPE);
  }

  @Test
  void every_flag_reaches_its_accessor() {
    Capabilities all =
        Capabilities.of(
            COPY,
            SCHEMA_ONLY_COPY,
            PER_CREDENTIAL_REVOCATION,
            READONLY_SCOPE,
            SERVER_SIDE_AUTHENTICATION,
            REQUIRES_SERVER);

    assertThat(all.copy()).isTrue();
    assertThat(all.schemaOnlyCopy()).isTrue();
    assertThat(all.perCredentialRevocation()).isTrue();
    assertThat(all.readonlyScope()).isTrue();
    assertThat(all.serverSideAuthentication()).isTrue();
    assertThat(all.requiresServer()).isTrue();
    assertThat(Capabilities.of().flags()).isEmpty();
  }

  @Test
  void all_claims_every_flag_the_spi_names() {
    assertThat(Capabilities.all().flags()).containsExactlyInAnyOrder(Capabilities.Flag.values());
    assertThat(Capabilities.all()).isEqualTo(Capabilities.of(Capabilities.Flag.values()));
  }

  @Test
  void a_server_dependent_answer_is_derived_without_changing_the_drivers() {
    Capabilities driver = Capabilities.of(COPY, PER_CREDENTIAL_REVOCATION);

    Capabilities server = driver.without(PER_CREDENTIAL_REVOCATION);

    assertThat(server.perCredentialRevocation()).isFalse();
    assertThat(server.copy()).isTrue();
    assertThat(driver.perCredentialRevocation()).isTrue();
    assertThat(server.with(PER_CREDENTIAL_REVOCATION)).isEqualTo(driver);
    assertThat(server).hasSameHashCodeAs(Capabilities.of(COPY)).isNotEqualTo(driver);
    assertThatThrownBy(() -> driver.flags().add(REQUIRES_SERVER))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
