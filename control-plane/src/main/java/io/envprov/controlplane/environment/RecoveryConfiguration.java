package io.envprov.controlplane.environment;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The purge of deleted environments past their recovery window, as a db-scheduler recurring task:
 * one execution in the cluster at a time, whatever the number of replicas.
 */
@Configuration(proxyBeanMethods = false)
class RecoveryConfiguration {

  @Bean
  RecurringTask<Void> environmentPurgeTask(
      EnvironmentRecovery recovery, EnvironmentProperties properties) {
    return Tasks.recurring("environment-purge", FixedDelay.of(properties.purgeInterval()))
        .execute((instance, context) -> recovery.sweep());
  }
}
