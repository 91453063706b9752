package io.envprov.controlplane.rollout;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a rollout proceeds: a canary wave of {@code canary} environments first (0: none), then waves
 * of {@code batchSize}; at most {@code maxConcurrencyPerServer} installs at once against one
 * database server (the local disk counts as one server); it pauses by itself on any failure in the
 * canary wave, or once more than {@code maxFailures} environments have failed. A request may leave
 * any of them out: {@link #withDefaults()} fills them.
 */
public record RolloutStrategy(
    @Nullable @Min(0) @Max(MAX_WAVE) Integer canary,
    @Nullable @Min(1) @Max(MAX_WAVE) Integer batchSize,
    @Nullable @Min(1) @Max(MAX_CONCURRENCY) Integer maxConcurrencyPerServer,
    @Nullable @Min(0) Integer maxFailures) {

  static final int MAX_WAVE = 10_000;
  static final int MAX_CONCURRENCY = 64;

  static final RolloutStrategy DEFAULTS = new RolloutStrategy(1, 10, 4, 0);

  /** This strategy with every value it leaves out taken from {@link #DEFAULTS}. */
  RolloutStrategy withDefaults() {
    return new RolloutStrategy(
        canary == null ? DEFAULTS.canary : canary,
        batchSize == null ? DEFAULTS.batchSize : batchSize,
        maxConcurrencyPerServer == null
            ? DEFAULTS.maxConcurrencyPerServer
            : maxConcurrencyPerServer,
        maxFailures == null ? DEFAULTS.maxFailures : maxFailures);
  }

  /** The wave of the target at {@code position} (0-based) of the rollout's order. */
  int waveOf(int position) {
    int canaryWave = canary();
    if (canaryWave > 0 && position < canaryWave) {
      return 0;
    }
    int offset = canaryWave > 0 ? 1 : 0;
    return offset + (position - canaryWave) / batchSize();
  }

  /** How many waves {@code targets} environments make. */
  int waves(int targets) {
    return targets == 0 ? 0 : waveOf(targets - 1) + 1;
  }

  /** Whether {@code wave} is the canary wave. */
  boolean isCanary(int wave) {
    return wave == 0 && canary() > 0;
  }

  /** As stored in {@code rollout.strategy}. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("canary", canary);
    json.put("batch_size", batchSize);
    json.put("max_concurrency_per_server", maxConcurrencyPerServer);
    json.put("max_failures", maxFailures);
    return json;
  }

  /** The strategy stored as {@code json} by {@link #toJson()}, defaults filled. */
  static RolloutStrategy fromJson(Map<String, Object> json) {
    return new RolloutStrategy(
            integer(json.get("canary")),
            integer(json.get("batch_size")),
            integer(json.get("max_concurrency_per_server")),
            integer(json.get("max_failures")))
        .withDefaults();
  }

  private static @Nullable Integer integer(@Nullable Object value) {
    return value instanceof Number number ? number.intValue() : null;
  }
}
