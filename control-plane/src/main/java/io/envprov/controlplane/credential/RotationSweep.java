package io.envprov.controlplane.credential;

import io.envprov.controlplane.store.Timestamps;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One pass of scheduled rotation: revokes rotating credentials whose grace period has ended, then
 * rotates active credentials that are close to expiry. Safe with several sweeps at once (several
 * replicas, or an admin rotating by hand): rows are claimed with {@code SKIP LOCKED} and a lease,
 * and a credential can be replaced only once. A failure is recorded on the credential ({@code
 * rotation_failures}, {@code last_rotation_error}) and retried after an exponential, jittered
 * backoff; each database server is asked for a bounded number of rotations per second.
 */
@Component
public class RotationSweep implements DisposableBean {

  /** The actor named in audit events of scheduled rotations. */
  public static final String ACTOR = "system:credential-rotation";

  private static final Logger log = LoggerFactory.getLogger(RotationSweep.class);
  private static final int MAX_ROUNDS = 100;
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final CredentialRecords records;
  private final CredentialLifecycle lifecycle;
  private final CredentialProperties properties;
  private final Clock clock;
  private final RateLimiterRegistry limiters;
  private final ExecutorService workers;
  private final Counter rotated;
  private final Counter rotationFailed;
  private final Counter revoked;
  private final Counter revocationFailed;
  private final AtomicInteger failing = new AtomicInteger();

  RotationSweep(
      CredentialRecords records,
      CredentialLifecycle lifecycle,
      CredentialProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.records = records;
    this.lifecycle = lifecycle;
    this.properties = properties;
    this.clock = clock;
    this.limiters =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(properties.rotationsPerSecondPerServer())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofMinutes(1))
                .build());
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            properties.rotationConcurrency(),
            task -> {
              Thread thread = new Thread(task, "credential-rotation-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.rotated = outcome(meters, "envprov.credentials.rotations", "succeeded");
    this.rotationFailed = outcome(meters, "envprov.credentials.rotations", "failed");
    this.revoked = outcome(meters, "envprov.credentials.grace_revocations", "succeeded");
    this.revocationFailed = outcome(meters, "envprov.credentials.grace_revocations", "failed");
    meters.gauge("envprov.credentials.rotation_failing", failing);
  }

  /** What one sweep did. */
  public record Result(int rotated, int revoked, int failed) {}

  /** Runs one sweep to the end of what is due now. */
  public Result run() {
    AtomicInteger rotations = new AtomicInteger();
    AtomicInteger revocations = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<StoredCredential> ended = records.claimGraceEnded(properties.rotationBatch(), lease());
      process(ended, c -> endGrace(c, revocations, failures));
      if (ended.size() < properties.rotationBatch()) {
        break;
      }
    }
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<StoredCredential> due =
          records.claimDueForRotation(
              properties.rotationWindow(), properties.rotationBatch(), lease());
      process(due, c -> rotate(c, rotations, failures));
      if (due.size() < properties.rotationBatch()) {
        break;
      }
    }
    failing.set(records.failing());
    Result result = new Result(rotations.get(), revocations.get(), failures.get());
    if (result.rotated() + result.revoked() + result.failed() > 0) {
      log.info(
          "credential rotation sweep: {} rotated, {} revoked after grace, {} failed",
          result.rotated(),
          result.revoked(),
          result.failed());
    }
    return result;
  }

  private void rotate(StoredCredential credential, AtomicInteger done, AtomicInteger failures) {
    try {
      lifecycle.rotate(credential, throttled(credential), ACTOR);
      rotated.increment();
      done.incrementAndGet();
    } catch (RuntimeException e) {
      rotationFailed.increment();
      failures.incrementAndGet();
      failed(credential, "rotation failed: " + describe(e));
    }
  }

  private void endGrace(StoredCredential credential, AtomicInteger done, AtomicInteger failures) {
    try {
      lifecycle.revoke(credential, throttled(credential), ACTOR);
      revoked.increment();
      done.incrementAndGet();
    } catch (RuntimeException e) {
      revocationFailed.increment();
      failures.incrementAndGet();
      failed(credential, "revocation after the grace period failed: " + describe(e));
    }
  }

  /** The credential's database, once its server grants one more call this second. */
  private @Nullable CredentialTarget throttled(StoredCredential credential) {
    CredentialTarget target = records.targetOfDatabase(credential.databaseId()).orElse(null);
    if (target != null && target.serverId() != null) {
      RateLimiter.waitForPermission(limiters.rateLimiter(target.serverId().toString()));
    }
    return target;
  }

  private void failed(StoredCredential credential, String error) {
    int failures = credential.rotationFailures() + 1;
    OffsetDateTime retryAt = Timestamps.now(clock).plus(backoff(failures));
    log.warn(
        "credential {} ({}): {}; attempt {} failed, next at {}",
        credential.id(),
        credential.username(),
        error,
        failures,
        retryAt);
    records.recordFailure(credential.id(), error, retryAt);
  }

  /** Exponential in the number of failures, capped, with jitter (half to all of the step). */
  Duration backoff(int failures) {
    long base = properties.retryBackoff().toMillis();
    long cap = properties.maxRetryBackoff().toMillis();
    long step = Math.min(cap, base * (1L << Math.min(30, Math.max(0, failures - 1))));
    long jittered = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
    return Duration.ofMillis(Math.max(1, jittered));
  }

  private void process(List<StoredCredential> batch, Consumer<StoredCredential> action) {
    List<Future<?>> running = new ArrayList<>(batch.size());
    for (StoredCredential credential : batch) {
      running.add(workers.submit(() -> action.accept(credential)));
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        log.error("credential rotation task failed unexpectedly", e.getCause());
      }
    }
  }

  private OffsetDateTime lease() {
    return Timestamps.now(clock).plus(LEASE);
  }

  private static Counter outcome(MeterRegistry meters, String name, String outcome) {
    return Counter.builder(name).tag("outcome", outcome).register(meters);
  }

  private static String describe(@Nullable Throwable e) {
    String message = e == null ? null : e.getMessage();
    return message == null || message.isBlank() ? String.valueOf(e) : message;
  }

  @Override
  public void destroy() {
    workers.shutdownNow();
  }
}
