package io.envprov.controlplane.kms;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The re-wrap job as a db-scheduler task (the scheduler picks up every task bean). A run the key
 * manager interrupts is retried with exponential backoff and resumes where it stopped; after
 * {@value #MAX_FAILURES} failures in a row it is dropped, and asking for the re-wrap again resumes
 * it.
 */
@Configuration(proxyBeanMethods = false)
class KeyRewrapTask {

  static final int MAX_FAILURES = 12;

  @Bean
  OneTimeTask<Void> kmsRewrapTask(KeyRewrap rewrap) {
    return Tasks.oneTime(KeyRewrap.TASK)
        .onFailure(
            new FailureHandler.MaxRetriesFailureHandler<>(
                MAX_FAILURES,
                new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(2), 2)))
        .execute((instance, context) -> rewrap.run(instance.getId()));
  }
}
