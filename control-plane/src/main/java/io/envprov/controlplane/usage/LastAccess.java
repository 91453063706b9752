package io.envprov.controlplane.usage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.envprov.controlplane.store.Tables.EnvironmentDatabase;
import io.envprov.controlplane.store.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records when a data plane last fetched an environment database's connection ({@code
 * environment_database.last_accessed_at}), throttled so the broker's hot path does not write on
 * every fetch: a replica writes a database's time at most once per {@code
 * controlplane.usage.access-write-interval} (remembered in memory), and the write itself only
 * matches when the stored time is older than that (so replicas do not pile up writes either).
 * Bookkeeping: a failure is logged, never passed on to the fetch.
 */
@Component
public class LastAccess {

  private static final Logger log = LoggerFactory.getLogger(LastAccess.class);

  private final DSLContext dsl;
  private final Clock clock;
  private final Duration interval;
  private final Cache<UUID, Boolean> recent;

  LastAccess(DSLContext dsl, Clock clock, UsageProperties properties) {
    this.dsl = dsl;
    this.clock = clock;
    this.interval = properties.accessWriteInterval();
    this.recent = Caffeine.newBuilder().expireAfterWrite(interval).maximumSize(100_000).build();
  }

  /** The database was just accessed. */
  public void accessed(UUID databaseId) {
    if (recent.asMap().putIfAbsent(databaseId, Boolean.TRUE) != null) {
      return;
    }
    OffsetDateTime now = Timestamps.now(clock);
    try {
      dsl.update(EnvironmentDatabase.TABLE)
          .set(EnvironmentDatabase.LAST_ACCESSED_AT, now)
          .where(EnvironmentDatabase.ID.eq(databaseId))
          .and(
              EnvironmentDatabase.LAST_ACCESSED_AT
                  .isNull()
                  .or(EnvironmentDatabase.LAST_ACCESSED_AT.le(now.minus(interval))))
          .execute();
    } catch (RuntimeException e) {
      recent.invalidate(databaseId);
      log.warn("last access of database {} not recorded: {}", databaseId, e.getMessage());
    }
  }
}
