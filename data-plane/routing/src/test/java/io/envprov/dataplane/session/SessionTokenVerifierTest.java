package io.envprov.dataplane.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.dataplane.testing.ControlPlaneDouble;
import io.envprov.driver.spi.CredentialScope;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTokenVerifierTest {

  private final ControlPlaneDouble controlPlane = ControlPlaneDouble.start();
  private final SessionTokenVerifier verifier =
      new SessionTokenVerifier(
          controlPlane.url(),
          controlPlane.url().toString(),
          Duration.ofMinutes(5),
          Clock.systemUTC());
  private final UUID user = UUID.randomUUID();
  private final UUID environment = UUID.randomUUID();

  @AfterEach
  void stop() {
    controlPlane.close();
  }

  @Test
  void aTokenSignedByTheControlPlaneYieldsItsUserAndActiveEnvironment() {
    SessionClaims claims = verifier.verify(controlPlane.sessionToken(user, environment));

    assertThat(claims.userId()).isEqualTo(user);
    assertThat(claims.environment()).contains(environment);
  }

  @Test
  void aTokenWithoutAnActiveEnvironmentIsValidButRoutesNowhere() {
    SessionClaims claims = verifier.verify(controlPlane.sessionToken(user, null));

    assertThat(claims.environment()).isEmpty();
  }

  @Test
  void aTokenOfARevokedSessionIsRejectedWhileAnotherSessionOfTheUserIsAccepted() {
    String loggedOut = controlPlane.sessionToken(user, environment);
    String stillOpen = controlPlane.sessionToken(user, environment);
    UUID revoked = verifier.verify(loggedOut).sessionId();
    SessionTokenVerifier honouringLogouts =
        new SessionTokenVerifier(
            controlPlane.url(),
            controlPlane.url().toString(),
            Duration.ofMinutes(5),
            Clock.systemUTC(),
            revoked::equals);

    assertThatThrownBy(() -> honouringLogouts.verify(loggedOut))
        .isInstanceOf(InvalidSessionTokenException.class)
        .hasMessageContaining("session has ended");
    assertThat(honouringLogouts.verify(stillOpen).userId()).isEqualTo(user);
  }

  @Test
  void anExpiredTokenIsRejected() {
    assertThatThrownBy(() -> verifier.verify(controlPlane.expiredSessionToken(user, environment)))
        .isInstanceOf(InvalidSessionTokenException.class)
        .hasMessageContaining("xpired");
  }

  @Test
  void aTokenSignedByAKeyTheControlPlaneNeverPublishedIsRejected() {
    assertThatThrownBy(
            () -> verifier.verify(controlPlane.sessionTokenSignedByAStranger(user, environment)))
        .isInstanceOf(InvalidSessionTokenException.class);
  }

  @Test
  void aTokenFromAnotherIssuerIsRejected() {
    assertThatThrownBy(
            () ->
                verifier.verify(
                    controlPlane.sessionTokenFromIssuer("https://elsewhere", user, environment)))
        .isInstanceOf(InvalidSessionTokenException.class)
        .hasMessageContaining("iss");
  }

  @Test
  void aTokenWithoutTheDataPlaneAudienceIsRejected() {
    assertThatThrownBy(
            () -> verifier.verify(controlPlane.sessionTokenWithoutAudience(user, environment)))
        .isInstanceOf(InvalidSessionTokenException.class)
        .hasMessageContaining("aud");
  }

  @Test
  void theTokenScopeIsTheMostItsConnectionsMayDo() {
    assertThat(verifier.verify(controlPlane.sessionToken(user, environment)).scope())
        .isEqualTo(CredentialScope.READWRITE);
    assertThat(verifier.verify(controlPlane.sessionToken(user, environment, "readonly")).scope())
        .isEqualTo(CredentialScope.READONLY);
    assertThatThrownBy(() -> verifier.verify(controlPlane.sessionToken(user, environment, "admin")))
        .isInstanceOf(InvalidSessionTokenException.class)
        .hasMessageContaining("db_scope");
  }

  @Test
  void somethingThatIsNotAJwtIsRejected() {
    assertThatThrownBy(() -> verifier.verify("not.a-token"))
        .isInstanceOf(InvalidSessionTokenException.class);
  }

  @Test
  void theKeySetIsCachedAndFetchedAgainWhenATokenNamesANewKey() {
    verifier.verify(controlPlane.sessionToken(user, environment));
    verifier.verify(controlPlane.sessionToken(user, environment));
    assertThat(controlPlane.jwksFetches()).isEqualTo(1);

    controlPlane.rotateSigningKey();
    SessionClaims claims = verifier.verify(controlPlane.sessionToken(user, environment));

    assertThat(claims.environment()).contains(environment);
    assertThat(controlPlane.jwksFetches()).isEqualTo(2);
  }
}
