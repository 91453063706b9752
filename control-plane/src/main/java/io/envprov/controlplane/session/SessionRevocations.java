package io.envprov.controlplane.session;

import static io.envprov.controlplane.store.Tables.UserSession.*;

import io.envprov.controlplane.store.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * The sessions in the revocation feed. A token lives at most one token lifetime and is never issued
 * after its session is revoked, so the feed only needs the sessions revoked within the last token
 * lifetime (plus a margin for clock skew between the control plane and a data plane): it stays
 * small and needs no cursor.
 */
@Service
class SessionRevocations {

  /** Allowance for a data plane's clock running behind the control plane's. */
  static final Duration CLOCK_SKEW_MARGIN = Duration.ofMinutes(1);

  private final DSLContext dsl;
  private final SessionProperties properties;
  private final Clock clock;

  SessionRevocations(DSLContext dsl, SessionProperties properties, Clock clock) {
    this.dsl = dsl;
    this.properties = properties;
    this.clock = clock;
  }

  /** The sessions revoked within one token lifetime and the margin, oldest first. */
  RevocationList recent() {
    OffsetDateTime now = Timestamps.now(clock);
    Duration window = properties.tokenTtl().plus(CLOCK_SKEW_MARGIN);
    List<Revoked> items =
        dsl.select(ID, REVOKED_AT)
            .from(TABLE)
            .where(REVOKED_AT.gt(now.minus(window)))
            .orderBy(REVOKED_AT, ID)
            .fetch(row -> new Revoked(row.get(ID), row.get(REVOKED_AT)));
    return new RevocationList(items, window.toSeconds(), now);
  }

  /** A revoked session. */
  record Revoked(UUID sessionId, OffsetDateTime revokedAt) {}

  /** The sessions revoked within {@code windowSeconds} before {@code asOf}, oldest first. */
  record RevocationList(List<Revoked> items, long windowSeconds, OffsetDateTime asOf) {}
}
