package io.envprov.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code count} numbered tasks on {@code concurrency} platform threads and times each one.
 * Workers take the next number as soon as they finish one, so exactly {@code concurrency} tasks are
 * in flight until the end. The first failure stops every worker from starting more tasks and is
 * rethrown by {@link #run}.
 */
final class ConcurrentRun {

  /** One unit of work; its duration is the sample. */
  @FunctionalInterface
  interface Task {
    void run(int index) throws Exception;
  }

  /**
   * The outcome of a run.
   *
   * @param latencyNanos the duration of task {@code i} at index {@code i}
   * @param wallNanos from the start of the first task to the end of the last
   */
  record Result(long[] latencyNanos, long wallNanos) {

    LatencyStats stats() {
      return LatencyStats.ofNanos(latencyNanos);
    }

    /** Tasks completed per second of wall time. */
    double perSecond() {
      return latencyNanos.length / (wallNanos / 1e9);
    }

    double wallSeconds() {
      return wallNanos / 1e9;
    }
  }

  private ConcurrentRun() {}

  static Result run(String name, int count, int concurrency, Task task) throws Exception {
    long[] latencies = new long[count];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    int threads = Math.min(concurrency, Math.max(count, 1));
    long start = System.nanoTime();
    for (int w = 0; w < threads; w++) {
      Thread worker =
          new Thread(
              () -> {
                int index;
                while (failure.get() == null && (index = next.getAndIncrement()) < count) {
                  long begin = System.nanoTime();
                  try {
                    task.run(index);
                  } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    return;
                  }
                  latencies[index] = System.nanoTime() - begin;
                }
              },
              name + "-" + w);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    long wall = System.nanoTime() - start;
    Throwable thrown = failure.get();
    if (thrown instanceof Exception e) {
      throw e;
    }
    if (thrown instanceof Error e) {
      throw e;
    }
    return new Result(latencies, wall);
  }
}
