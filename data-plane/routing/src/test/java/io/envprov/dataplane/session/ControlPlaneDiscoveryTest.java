package io.envprov.dataplane.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.dataplane.testing.ControlPlaneDouble;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The data plane needs the control-plane URL only: the issuer of session tokens (the control
 * plane's public URL, which need not be the address the data plane reaches it by), their audience
 * and the JWK set come from the control plane's metadata document.
 */
@ExtendWith(OutputCaptureExtension.class)
class ControlPlaneDiscoveryTest {

  /** What a control plane started with --server.port=PORT and no public URL calls itself. */
  private static final String PUBLIC_URL = "http://localhost:8080";

  private final UUID user = UUID.randomUUID();
  private final UUID environment = UUID.randomUUID();
  private @Nullable ControlPlaneDouble controlPlane;

  @AfterEach
  void stop() {
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @Test
  void aDataPlaneGivenOnlyTheUrlAcceptsTokensWhoseIssuerIsThePublishedOne() {
    ControlPlaneDouble controlPlane = started();
    controlPlane.useIssuer(PUBLIC_URL);
    String token = controlPlane.sessionToken(user, environment);

    SessionTokenVerifier discovering = verifier(discovery(controlPlane.url(), null));

    assertThat(discovering.verify(token).environment()).contains(environment);
    // What the data plane did before: expect the URL it was given as the issuer, and refuse.
    SessionTokenVerifier urlAsIssuer =
        new SessionTokenVerifier(
            controlPlane.url(),
            controlPlane.url().toString(),
            Duration.ofMinutes(5),
            Clock.systemUTC());
    assertThatThrownBy(() -> urlAsIssuer.verify(token))
        .isInstanceOf(InvalidSessionTokenException.class)
        .hasMessageContaining("iss");
  }

  @Test
  void aConfiguredIssuerOtherThanThePublishedOneIsReportedInOneErrorLine(CapturedOutput output) {
    ControlPlaneDouble controlPlane = started();
    controlPlane.useIssuer(PUBLIC_URL);
    ControlPlaneDiscovery discovery = discovery(controlPlane.url(), "http://127.0.0.1:9999");

    assertThat(discovery.current()).isPresent();
    SessionTokenVerifier verifier = verifier(discovery);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> verifier.verify(controlPlane.sessionToken(user, environment)))
          .isInstanceOf(InvalidSessionTokenException.class);
    }

    assertThat(output.getAll().lines().filter(line -> line.contains("dataplane.token-issuer")))
        .singleElement()
        .asString()
        .contains("ERROR")
        .contains("'http://127.0.0.1:9999'")
        .contains("publishes issuer '" + PUBLIC_URL + "'");
  }

  @Test
  void aConfiguredIssuerEqualToThePublishedOneIsUsedWithoutComplaint(CapturedOutput output) {
    ControlPlaneDouble controlPlane = started();
    controlPlane.useIssuer(PUBLIC_URL);

    SessionTokenVerifier verifier = verifier(discovery(controlPlane.url(), PUBLIC_URL));

    assertThat(verifier.verify(controlPlane.sessionToken(user, environment)).userId())
        .isEqualTo(user);
    assertThat(output.getAll()).doesNotContain("dataplane.token-issuer");
  }

  @Test
  void aControlPlaneDownAtStartIsReadOnceItIsUpAndTokensAreRefusedMeanwhile(CapturedOutput output)
      throws IOException {
    int port = freePort();
    URI url = URI.create("http://127.0.0.1:" + port);
    ControlPlaneDiscovery discovery =
        new ControlPlaneDiscovery(
            url, null, Duration.ofSeconds(2), Duration.ZERO, Clock.systemUTC());
    SessionTokenVerifier verifier = verifier(discovery);

    assertThat(discovery.current()).isEmpty();
    assertThatThrownBy(() -> verifier.verify("a.b.c"))
        .isInstanceOf(InvalidSessionTokenException.class)
        .hasMessageContaining("configuration could not be read yet");
    assertThat(output.getAll()).contains("cannot read the control plane's configuration");

    ControlPlaneDouble controlPlane = started(port);
    controlPlane.useIssuer(PUBLIC_URL);

    assertThat(verifier.verify(controlPlane.sessionToken(user, environment)).environment())
        .contains(environment);
  }

  @Test
  void retriesAreSpacedByTheRetryInterval() throws IOException {
    URI url = URI.create("http://127.0.0.1:" + freePort());
    ControlPlaneDiscovery discovery =
        new ControlPlaneDiscovery(
            url, null, Duration.ofSeconds(2), Duration.ofHours(1), Clock.systemUTC());
    assertThat(discovery.current()).isEmpty();

    started(url.getPort());

    // Up now, but the next attempt is an hour away.
    assertThat(discovery.current()).isEmpty();
  }

  @Test
  void aControlPlaneThatPublishesNoDocumentIsTakenToIssueUnderItsUrl() {
    ControlPlaneDouble controlPlane = started();
    controlPlane.stopPublishingMetadata();

    ControlPlaneMetadata metadata = discovery(controlPlane.url(), null).current().orElseThrow();

    assertThat(metadata.issuer()).isEqualTo(controlPlane.url().toString());
    assertThat(metadata.jwksUri()).isEqualTo(controlPlane.url().resolve("/.well-known/jwks.json"));
    assertThat(
            verifier(discovery(controlPlane.url(), null))
                .verify(controlPlane.sessionToken(user, environment))
                .userId())
        .isEqualTo(user);
  }

  @Test
  void thePublishedPathsAreResolvedAgainstTheUrlTheDataPlaneWasGiven() {
    ControlPlaneDouble controlPlane = started();
    controlPlane.useIssuer("https://control-plane.example");

    ControlPlaneMetadata metadata = discovery(controlPlane.url(), null).current().orElseThrow();

    assertThat(metadata.issuer()).isEqualTo("https://control-plane.example");
    assertThat(metadata.audience()).isEqualTo(SessionTokenVerifier.AUDIENCE);
    assertThat(metadata.jwksUri()).isEqualTo(controlPlane.url().resolve("/.well-known/jwks.json"));
    assertThat(metadata.revocationsUri())
        .isEqualTo(controlPlane.url().resolve("/v1/session-revocations"));
  }

  private ControlPlaneDouble started() {
    return started(0);
  }

  private ControlPlaneDouble started(int port) {
    controlPlane = ControlPlaneDouble.start(port);
    return controlPlane;
  }

  private static ControlPlaneDiscovery discovery(URI url, @Nullable String configuredIssuer) {
    return new ControlPlaneDiscovery(
        url, configuredIssuer, Duration.ofSeconds(5), Duration.ofSeconds(5), Clock.systemUTC());
  }

  private static SessionTokenVerifier verifier(ControlPlaneDiscovery discovery) {
    return new SessionTokenVerifier(
        discovery, Duration.ofMinutes(5), Clock.systemUTC(), SessionRevocations.NONE);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
