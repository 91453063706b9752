package io.envprov.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * Summary of a set of latencies. Percentiles are nearest-rank: p50 of 1000 samples is the 500th
 * smallest, p99 the 990th, so every reported figure is an observed sample.
 *
 * @param samples how many latencies
 * @param minMs the smallest, in milliseconds
 * @param meanMs the arithmetic mean
 * @param p50Ms the median
 * @param p90Ms the 90th percentile
 * @param p95Ms the 95th percentile
 * @param p99Ms the 99th percentile
 * @param maxMs the largest
 */
record LatencyStats(
    int samples,
    double minMs,
    double meanMs,
    double p50Ms,
    double p90Ms,
    double p95Ms,
    double p99Ms,
    double maxMs) {

  /** The summary of latencies given in nanoseconds; all zero when there are none. */
  static LatencyStats ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return new LatencyStats(0, 0, 0, 0, 0, 0, 0, 0);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long value : sorted) {
      sum += value;
    }
    return new LatencyStats(
        sorted.length,
        ms(sorted[0]),
        ms(sum / sorted.length),
        ms(rank(sorted, 50)),
        ms(rank(sorted, 90)),
        ms(rank(sorted, 95)),
        ms(rank(sorted, 99)),
        ms(sorted[sorted.length - 1]));
  }

  /** The summary of latencies given in milliseconds (e.g. differences of server timestamps). */
  static LatencyStats ofMillis(double[] millis) {
    long[] nanos = new long[millis.length];
    for (int i = 0; i < millis.length; i++) {
      nanos[i] = Math.round(millis[i] * 1_000_000.0);
    }
    return ofNanos(nanos);
  }

  /** One line: {@code p50 12.3 ms | p95 ... | max ...}. */
  String line() {
    return String.format(
        Locale.ROOT,
        "p50 %8.2f ms | p90 %8.2f | p95 %8.2f | p99 %8.2f | max %8.2f | mean %8.2f | min %7.2f",
        p50Ms,
        p90Ms,
        p95Ms,
        p99Ms,
        maxMs,
        meanMs,
        minMs);
  }

  /** Writes the figures into {@code node}, rounded to microseconds. */
  ObjectNode writeTo(ObjectNode node) {
    node.put("samples", samples);
    node.put("min_ms", round(minMs));
    node.put("mean_ms", round(meanMs));
    node.put("p50_ms", round(p50Ms));
    node.put("p90_ms", round(p90Ms));
    node.put("p95_ms", round(p95Ms));
    node.put("p99_ms", round(p99Ms));
    node.put("max_ms", round(maxMs));
    return node;
  }

  static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }

  private static long rank(long[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(double nanos) {
    return nanos / 1_000_000.0;
  }
}
