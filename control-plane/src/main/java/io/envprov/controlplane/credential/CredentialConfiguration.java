package io.envprov.controlplane.credential;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Scheduled rotation as a db-scheduler recurring task: one execution in the cluster at a time,
 * whatever the number of control-plane replicas.
 */
@Configuration(proxyBeanMethods = false)
class CredentialConfiguration {

  @Bean
  RecurringTask<Void> credentialRotationTask(RotationSweep sweep, CredentialProperties properties) {
    return Tasks.recurring("credential-rotation", FixedDelay.of(properties.rotationInterval()))
        .execute((instance, context) -> sweep.run());
  }
}
