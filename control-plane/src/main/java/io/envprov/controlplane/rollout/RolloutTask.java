package io.envprov.controlplane.rollout;

import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rollout task for db-scheduler (the scheduler picks up every task bean): durable, so a rollout
 * whose replica dies mid-wave is revived by another after the heartbeat limit (or on restart) and
 * its wave run again; targets left {@code running} are installed again, which the environment's own
 * history makes harmless.
 */
@Configuration(proxyBeanMethods = false)
class RolloutTask {

  @Bean
  CustomTask<Void> rolloutSchedulerTask(RolloutWorker worker) {
    return Tasks.custom(RolloutQueue.DESCRIPTOR)
        .onFailure(worker::failed)
        .execute((instance, context) -> worker.execute(instance.getId()));
  }
}
