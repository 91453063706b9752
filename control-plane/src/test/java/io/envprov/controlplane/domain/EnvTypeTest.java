package io.envprov.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.controlplane.credential.CredentialProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy that goes with an environment type. */
class EnvTypeTest {

  @Test
  void every_type_but_default_is_creatable_through_the_api() {
    assertThat(EnvType.creatableTypes())
        .containsExactly(EnvType.SANDBOX, EnvType.DEVELOPMENT, EnvType.PRODUCTION, EnvType.TRIAL);
    assertThat(EnvType.DEFAULT.creatable()).isFalse();
    assertThat(EnvType.parseCreatable("sandbox")).contains(EnvType.SANDBOX);
    assertThat(EnvType.parseCreatable("default")).isEmpty();
    assertThat(EnvType.parseCreatable("Sandbox")).isEmpty();
    assertThat(EnvType.parseCreatable("staging")).isEmpty();
    assertThat(EnvType.parseCreatable(null)).isEmpty();
    assertThat(EnvType.creatableMessage())
        .isEqualTo("must be one of sandbox, development, production, trial");
  }

  @Test
  void only_the_default_type_is_permanent_and_none_is_protected_unless_asked() {
    for (EnvType type : EnvType.values()) {
      assertThat(type.permanent()).as("%s permanent", type).isEqualTo(type == EnvType.DEFAULT);
      assertThat(type.isDefault()).as("%s default", type).isEqualTo(type == EnvType.DEFAULT);
      assertThat(type.protectedByDefault()).as("%s protected by default", type).isFalse();
    }
  }

  @Test
  void a_credential_lives_as_configured_for_its_type_else_the_default_ttl() {
    CredentialProperties properties =
        new CredentialProperties(
            Duration.ofDays(30),
            Map.of("trial", Duration.ofDays(7)),
            Duration.ofDays(365),
            Duration.ofDays(7),
            Duration.ofMinutes(15),
            Duration.ofSeconds(30),
            500,
            4,
            50,
            Duration.ofSeconds(30),
            Duration.ofHours(1));
    assertThat(properties.ttlFor(EnvType.TRIAL)).isEqualTo(Duration.ofDays(7));
    assertThat(properties.ttlFor(EnvType.PRODUCTION)).isEqualTo(Duration.ofDays(30));
    for (EnvType type : EnvType.values()) {
      assertThat(type.credentialTtl()).as("%s built-in TTL", type).isEmpty();
    }
  }

  @Test
  void stored_values_are_the_lower_case_names() {
    for (EnvType type : EnvType.values()) {
      assertThat(EnvType.fromSql(type.sqlValue())).isSameAs(type);
      assertThat(EnvType.parse(type.name())).isEmpty();
    }
  }
}
