package io.envprov.dataplane.session;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.envprov.dataplane.ControlPlaneUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's revocation feed ({@code GET {control-plane-url}/v1/session-revocations} with
 * the data plane's service token), polled every {@code interval} on a daemon thread. The feed lists
 * every session revoked within one token lifetime, so each poll replaces the whole set. When a poll
 * fails the last set is kept (a failing control plane must not lock every user out) and the failure
 * is logged without the token; logouts then take effect once polling succeeds again.
 */
public final class PolledSessionRevocations implements SessionRevocations, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PolledSessionRevocations.class);

  private final Supplier<URI> feed;
  private final String serviceToken;
  private final Duration timeout;
  private final HttpClient client;
  private final ScheduledExecutorService poller;
  private volatile Set<UUID> revoked = Set.of();
  private volatile boolean failing;

  /**
   * Starts polling at once.
   *
   * @param controlPlaneUrl the control plane's base URL
   * @param serviceToken the data plane's service-account token
   * @param interval the pause between two polls
   * @param timeout how long one poll may take
   */
  public PolledSessionRevocations(
      URI controlPlaneUrl, String serviceToken, Duration interval, Duration timeout) {
    this(
        constant(
            ControlPlaneUrls.resolve(
                Objects.requireNonNull(controlPlaneUrl, "controlPlaneUrl"),
                ControlPlaneMetadata.DEFAULT_REVOCATIONS_PATH)),
        serviceToken,
        interval,
        timeout);
  }

  /**
   * Starts polling at once the feed {@code discovery} finds in the control plane's metadata (the
   * well-known path until the metadata has been read; each poll also gives the discovery a chance
   * to read it, so a control plane that was down at start-up is discovered without traffic).
   */
  public PolledSessionRevocations(
      ControlPlaneDiscovery discovery, String serviceToken, Duration interval, Duration timeout) {
    this(
        () ->
            discovery
                .current()
                .map(ControlPlaneMetadata::revocationsUri)
                .orElseGet(
                    () ->
                        ControlPlaneUrls.resolve(
                            discovery.controlPlaneUrl(),
                            ControlPlaneMetadata.DEFAULT_REVOCATIONS_PATH)),
        serviceToken,
        interval,
        timeout);
  }

  private PolledSessionRevocations(
      Supplier<URI> feed, String serviceToken, Duration interval, Duration timeout) {
    this.serviceToken = Objects.requireNonNull(serviceToken, "serviceToken");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the polling interval must be positive");
    }
    this.feed = feed;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "dataplane-session-revocations");
              thread.setDaemon(true);
              return thread;
            });
    poller.scheduleWithFixedDelay(
        this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Supplier<URI> constant(URI feed) {
    return () -> feed;
  }

  @Override
  public boolean isRevoked(UUID sessionId) {
    return revoked.contains(sessionId);
  }

  /**
   * Fetches the feed now and replaces the set.
   *
   * @throws IOException when the control plane cannot be reached or answers with an error
   */
  public void refresh() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(feed.get())
            .timeout(timeout)
            .header("Authorization", "Bearer " + serviceToken)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("the revocation feed answered " + response.statusCode());
    }
    revoked = parse(response.body());
  }

  private void refreshQuietly() {
    try {
      refresh();
      if (failing) {
        log.info("session revocation feed reachable again");
        failing = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        log.warn(
            "session revocation feed {} unavailable ({}); keeping the last {} revocations",
            feed.get(),
            e.getMessage(),
            revoked.size());
        failing = true;
      }
    }
  }

  private static Set<UUID> parse(String body) throws IOException {
    try {
      Map<String, Object> json = JSONObjectUtils.parse(body);
      if (!(json.get("items") instanceof List<?> items)) {
        throw new IOException("the revocation feed has no items");
      }
      Set<UUID> sessions = new HashSet<>();
      for (Object item : items) {
        if (item instanceof Map<?, ?> entry && entry.get("session_id") instanceof String id) {
          sessions.add(UUID.fromString(id));
        }
      }
      return Set.copyOf(sessions);
    } catch (ParseException | IllegalArgumentException e) {
      throw new IOException("unreadable revocation feed: " + e.getMessage(), e);
    }
  }

  /** Stops polling. */
  @Override
  public void close() {
    poller.shutdownNow();
  }
}
