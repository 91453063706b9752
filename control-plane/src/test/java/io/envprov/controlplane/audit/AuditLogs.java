package io.envprov.controlplane.audit;

import java.time.Clock;

/** An {@link AuditLog} for tests that run a feature's classes without the Spring context. */
public final class AuditLogs {

  private AuditLogs() {}

  public static AuditLog withClock(Clock clock) {
    return new AuditLog(clock);
  }
}
