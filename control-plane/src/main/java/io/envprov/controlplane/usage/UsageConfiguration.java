package io.envprov.controlplane.usage;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The usage collector as a db-scheduler recurring task ({@code controlplane.usage.interval}): one
 * execution in the cluster at a time, whatever the number of replicas.
 */
@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

  @Bean
  RecurringTask<Void> usageCollectionTask(UsageCollector collector, UsageProperties properties) {
    return Tasks.recurring("usage-collection", FixedDelay.of(properties.interval()))
        .execute((instance, context) -> collector.collect());
  }
}
