package io.envprov.controlplane.domain;

import static io.envprov.controlplane.domain.CredentialStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.driver.spi.CredentialScope;
import org.junit.jupiter.api.Test;

/** A credential's life (active -> rotating -> revoked) and the order of scopes. */
class CredentialStatusTest {

  @Test
  void a_credential_moves_forward_only() {
    assertThat(ACTIVE.next()).containsExactlyInAnyOrder(ROTATING, REVOKED);
    assertThat(ROTATING.next()).containsExactly(REVOKED);
    assertThat(REVOKED.next()).isEmpty();
    assertThat(ROTATING.canBecome(ACTIVE)).isFalse();
    assertThat(REVOKED.canBecome(ACTIVE)).isFalse();
    assertThat(ACTIVE.canBecome(ACTIVE)).isFalse();
  }

  @Test
  void only_an_active_credential_rotates_and_a_revoked_one_is_dead() {
    assertThat(ACTIVE.rotatable()).isTrue();
    assertThat(ROTATING.rotatable()).isFalse();
    assertThat(REVOKED.rotatable()).isFalse();
    assertThat(ACTIVE.live()).isTrue();
    assertThat(ROTATING.live()).isTrue();
    assertThat(REVOKED.live()).isFalse();
    assertThat(CredentialStatus.fromSql("rotating")).isSameAs(ROTATING);
  }

  @Test
  void scopes_are_ordered_by_power_and_a_missing_grant_allows_nothing() {
    assertThat(Scopes.covers(CredentialScope.ADMIN, CredentialScope.READONLY)).isTrue();
    assertThat(Scopes.covers(CredentialScope.READWRITE, CredentialScope.READWRITE)).isTrue();
    assertThat(Scopes.covers(CredentialScope.READWRITE, CredentialScope.ADMIN)).isFalse();
    assertThat(Scopes.covers(CredentialScope.READONLY, CredentialScope.READWRITE)).isFalse();
    assertThat(Scopes.covers(null, CredentialScope.READONLY)).isFalse();
    assertThat(Scopes.oneOfMessage()).isEqualTo("must be one of readwrite, readonly, admin");
    assertThat(Scopes.eitherMessage(Scopes.BY_POWER))
        .isEqualTo("must be readonly, readwrite or admin");
    assertThat(CredentialScope.parse("READWRITE")).isEmpty();
  }
}
