package io.envprov.controlplane.web;

import static io.envprov.controlplane.store.Tables.IdempotencyRecord.*;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.envprov.controlplane.store.Timestamps;
import java.time.Clock;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deletes {@code Idempotency-Key} records older than their time to live, as a db-scheduler
 * recurring task (one execution in the cluster at a time, whatever the replica count). Expired
 * records are already ignored by {@link Idempotency}; the purge only keeps the table small.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyPurge {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

  @Bean
  RecurringTask<Void> idempotencyPurgeTask(
      DSLContext dsl, IdempotencyProperties properties, Clock clock) {
    return Tasks.recurring("idempotency-purge", FixedDelay.of(properties.purgeInterval()))
        .execute((instance, context) -> purge(dsl, properties, clock));
  }

  static int purge(DSLContext dsl, IdempotencyProperties properties, Clock clock) {
    int deleted =
        dsl.deleteFrom(TABLE)
            .where(CREATED_AT.lt(Timestamps.now(clock).minus(properties.ttl())))
            .execute();
    if (deleted > 0) {
      log.info("purged {} expired idempotency records", deleted);
    }
    return deleted;
  }
}
