package io.envprov.dataplane.session;

import io.envprov.dataplane.ControlPlaneUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's {@link ControlPlaneMetadata}, read from the URL the data plane was given, so
 * that this URL is the only setting a data plane needs (the issuer, the JWK set and the revocation
 * feed come from the control plane itself).
 *
 * <p>The document is read once it can be: {@link #current()} tries at once (the auto-configuration
 * calls it at start-up) and, while the control plane cannot be reached, again at most every {@code
 * retryInterval}, from whichever caller asks (a token being verified, the revocation poller). A
 * data plane therefore starts while its control plane is down, refuses session tokens until the
 * document is read (as it would anyway: the keys live there too), and says so in one warning.
 *
 * <p>An issuer configured explicitly ({@code dataplane.token-issuer}) wins over the published one;
 * when they differ, one error line says so as soon as the document is read (at start-up when the
 * control plane is up), instead of every token being refused without a word.
 */
public final class ControlPlaneDiscovery {

  private static final Logger log = LoggerFactory.getLogger(ControlPlaneDiscovery.class);

  private final URI controlPlaneUrl;
  private final @Nullable String configuredIssuer;
  private final Duration timeout;
  private final Duration retryInterval;
  private final Clock clock;
  private final HttpClient client;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile @Nullable ControlPlaneMetadata metadata;
  private @Nullable Instant lastAttempt;
  private boolean warned;

  /**
   * @param controlPlaneUrl the control plane's base URL
   * @param configuredIssuer the issuer tokens must carry when set explicitly; null trusts the
   *     published one
   * @param timeout how long one fetch may take
   * @param retryInterval the least time between two fetches while the control plane is unreachable
   * @param clock the clock the retry interval is measured with
   */
  public ControlPlaneDiscovery(
      URI controlPlaneUrl,
      @Nullable String configuredIssuer,
      Duration timeout,
      Duration retryInterval,
      Clock clock) {
    this.controlPlaneUrl = Objects.requireNonNull(controlPlaneUrl, "controlPlaneUrl");
    this.configuredIssuer =
        configuredIssuer == null || configuredIssuer.isBlank() ? null : configuredIssuer;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The control plane's base URL. */
  public URI controlPlaneUrl() {
    return controlPlaneUrl;
  }

  /**
   * The metadata, with the configured issuer in place of the published one when there is one; empty
   * while the control plane has not been reached. Does not wait for a fetch another caller is
   * making.
   */
  public Optional<ControlPlaneMetadata> current() {
    ControlPlaneMetadata known = metadata;
    if (known != null || !fetching.tryLock()) {
      return Optional.ofNullable(known);
    }
    try {
      if (metadata == null && due()) {
        metadata = fetch();
      }
      return Optional.ofNullable(metadata);
    } finally {
      fetching.unlock();
    }
  }

  private boolean due() {
    Instant now = clock.instant();
    if (lastAttempt != null && now.isBefore(lastAttempt.plus(retryInterval))) {
      return false;
    }
    lastAttempt = now;
    return true;
  }

  private @Nullable ControlPlaneMetadata fetch() {
    ControlPlaneMetadata published;
    try {
      published = ControlPlaneMetadata.fetch(controlPlaneUrl, client, timeout);
    } catch (ControlPlaneMetadata.NotPublished e) {
      published = ControlPlaneMetadata.implied(controlPlaneUrl);
      log.warn(
          "the control plane at {} publishes no {}: assuming issuer {} and the well-known paths",
          ControlPlaneUrls.base(controlPlaneUrl),
          ControlPlaneMetadata.PATH,
          published.issuer());
    } catch (IOException e) {
      unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    if (warned) {
      log.info("control plane {} reached: session tokens are verified", controlPlaneUrl);
    }
    if (configuredIssuer == null) {
      return published;
    }
    if (!configuredIssuer.equals(published.issuer())) {
      log.error(
          "dataplane.token-issuer is '{}' but the control plane at {} publishes issuer '{}':"
              + " every session token it issues will be refused (401 invalid_session_token);"
              + " remove dataplane.token-issuer or set it to '{}'",
          configuredIssuer,
          ControlPlaneUrls.base(controlPlaneUrl),
          published.issuer(),
          published.issuer());
    }
    return published.withIssuer(configuredIssuer);
  }

  private void unreachable(String reason) {
    if (!warned) {
      log.warn(
          "cannot read the control plane's configuration at {} ({}); session tokens are refused"
              + " until it can be read (retried at most every {})",
          ControlPlaneUrls.resolve(controlPlaneUrl, ControlPlaneMetadata.PATH),
          reason,
          retryInterval);
      warned = true;
    }
  }

  @Override
  public String toString() {
    return "ControlPlaneDiscovery[" + controlPlaneUrl + "]";
  }
}
