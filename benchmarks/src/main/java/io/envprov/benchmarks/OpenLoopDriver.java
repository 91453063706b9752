package io.envprov.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The open-loop load of {@link ScaleBenchmark}: sends the read requests (and the baseline's) at a
 * fixed rate, each at its scheduled time whether or not earlier ones have answered, and collects
 * their latencies from the scheduled start.
 */
final class OpenLoopDriver {

  static final String BASELINE_PATH = "/.well-known/envprov-configuration";

  /** The measured routes; {@code BASELINE} is measured in its own slices. */
  enum Route {
    GET_ENVIRONMENT("GET /v1/environments/{id}"),
    LIST_ENVIRONMENTS("GET /v1/organizations/{org}/environments?limit&cursor"),
    GET_DATABASE("GET /v1/environments/{id}/database"),
    LIST_CREDENTIALS("GET /v1/environments/{id}/credentials"),
    BASELINE("GET " + BASELINE_PATH);

    final String label;

    Route(String label) {
      this.label = label;
    }
  }

  /** One answer: its route, its latency from the scheduled start, its status (-1: none). */
  record Sample(Route route, long latencyNanos, int status) {}

  /** One list page to ask for: an organization and a cursor (null: the first page). */
  record Page(String organizationId, @Nullable String cursor) {}

  private final HttpClient http;
  private final URI base;
  private final String authorization;
  private final String[] envIds;
  private final List<Page> pages;
  private final int listLimit;

  OpenLoopDriver(
      HttpClient http, URI base, String apiKey, String[] envIds, List<Page> pages, int listLimit) {
    this.http = http;
    this.base = base;
    this.authorization = "Bearer " + apiKey;
    this.envIds = envIds;
    this.pages = pages;
    this.listLimit = listLimit;
  }

  /**
   * {@code seconds} of reads and {@code seconds} of baseline at {@code rate}, in alternating slices
   * of {@code sliceS}, reads first; waits for every answer.
   */
  List<Sample> phase(boolean measured, int rate, int seconds, int sliceS) throws Exception {
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    long interval = 1_000_000_000L / rate;
    int slices = Math.max(1, (seconds + sliceS - 1) / sliceS);
    for (int s = 0; s < 2 * slices; s++) {
      boolean baseline = s % 2 == 1;
      int perSlice = rate * Math.min(sliceS, seconds - (s / 2) * sliceS);
      long start = System.nanoTime();
      for (int i = 0; i < perSlice; i++) {
        long scheduled = start + i * interval;
        long wait = scheduled - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        Route route = baseline ? Route.BASELINE : Route.values()[i % 4];
        HttpRequest request = request(route);
        inFlight.add(
            http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle(
                    (response, failure) -> {
                      long latency = System.nanoTime() - scheduled;
                      int status = failure == null ? response.statusCode() : -1;
                      if (measured) {
                        samples.add(new Sample(route, latency, status));
                      }
                      if (status != 200) {
                        System.err.printf(
                            Locale.ROOT,
                            "%s answered %s%n",
                            request.uri(),
                            failure == null ? status : failure);
                      }
                      return null;
                    }));
      }
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    return new ArrayList<>(samples);
  }

  private HttpRequest request(Route route) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String env = envIds[random.nextInt(envIds.length)];
    String path =
        switch (route) {
          case GET_ENVIRONMENT -> "/v1/environments/" + env;
          case LIST_ENVIRONMENTS -> {
            Page page = pages.get(random.nextInt(pages.size()));
            yield ScaleBenchmark.listPath(page.organizationId(), listLimit, page.cursor());
          }
          case GET_DATABASE -> "/v1/environments/" + env + "/database";
          case LIST_CREDENTIALS -> "/v1/environments/" + env + "/credentials";
          case BASELINE -> BASELINE_PATH;
        };
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .GET()
        .build();
  }
}
