package io.envprov.dataplane.pool;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads for the data plane's background work, named after what they serve. */
public final class Housekeeping {

  private Housekeeping() {}

  /** A thread factory of daemon threads named {@code prefix-N}. */
  public static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * A small scheduled executor shared by every pool of one routing component: pool housekeeping,
   * cache eviction and closing evicted pools.
   */
  public static ScheduledThreadPoolExecutor executor(String prefix) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, threads(prefix));
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
