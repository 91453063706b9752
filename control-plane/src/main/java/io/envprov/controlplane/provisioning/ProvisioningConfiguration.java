package io.envprov.controlplane.provisioning;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.envprov.controlplane.audit.AuditLog;
import io.envprov.controlplane.backup.BackupOperations;
import io.envprov.controlplane.config.ControlPlaneProperties;
import io.envprov.controlplane.credential.CredentialProperties;
import io.envprov.controlplane.credential.CredentialRecords;
import io.envprov.controlplane.environment.EnvironmentChanges;
import io.envprov.controlplane.kms.SecretBox;
import io.envprov.controlplane.operation.JdbcOperationStore;
import io.envprov.controlplane.operation.OperationSignal;
import io.envprov.controlplane.packages.PackageOperations;
import io.envprov.controlplane.restore.RestoreOperations;
import io.envprov.controlplane.server.ServerDirectory;
import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.DriverRegistry;
import io.envprov.provisioner.DriverCatalog;
import io.envprov.provisioner.OperationTask;
import io.envprov.provisioner.ProvisioningEngine;
import io.envprov.provisioner.ReadinessProbe;
import io.envprov.provisioner.RetryPolicy;
import io.envprov.provisioner.ServerGuards;
import io.envprov.provisioner.SnapshotSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The provisioning worker: the drivers found on the class path, the engine, and the db-scheduler
 * that executes operations from the control-plane database. Built here because db-scheduler's
 * Spring Boot starter targets Boot 3.
 */
@Configuration(proxyBeanMethods = false)
class ProvisioningConfiguration {

  /**
   * The drivers on the class path; declare a {@link DriverRegistry} bean to override the lookup.
   */
  @Bean
  @ConditionalOnMissingBean
  DriverRegistry driverRegistry() {
    return DriverRegistry.load(ProvisioningConfiguration.class.getClassLoader());
  }

  @Bean(destroyMethod = "close")
  DriverCatalog driverCatalog(DriverRegistry registry, ControlPlaneProperties properties) {
    Map<String, Map<String, String>> settings = properties.drivers();
    return new DriverCatalog(
        registry, properties.dataDir(), name -> settings.getOrDefault(name, Map.of()));
  }

  @Bean(destroyMethod = "close")
  ServerGuards serverGuards(ControlPlaneProperties properties) {
    ControlPlaneProperties.Worker worker = properties.worker();
    return new ServerGuards(
        worker.callTimeout(), worker.bulkCallTimeout(), worker.maxCallsPerServer());
  }

  /** How driver calls are retried, by the engine and by the other operation runners. */
  @Bean
  RetryPolicy retryPolicy(ControlPlaneProperties properties) {
    ControlPlaneProperties.Worker worker = properties.worker();
    return new RetryPolicy(worker.retryAttempts(), worker.retryBackoff(), 2.0);
  }

  @Bean
  ProvisioningEngine provisioningEngine(
      DSLContext dsl,
      AuditLog audit,
      Clock clock,
      DriverCatalog drivers,
      ServerDirectory servers,
      ServerGuards guards,
      CredentialRecords credentials,
      SecretBox box,
      CredentialProperties credentialProperties,
      EnvironmentChanges changes,
      RetryPolicy retryPolicy,
      SnapshotSource snapshots) {
    return new ProvisioningEngine(
        new JdbcOperationStore(
            dsl, audit, servers, credentials, box, credentialProperties, changes, clock),
        drivers,
        Baseline.DATA_PLANE,
        retryPolicy,
        guards,
        new ReadinessProbe(),
        snapshots);
  }

  /**
   * db-scheduler's client, on the transaction-aware DataSource: what it schedules inside a
   * transaction commits (or rolls back) with it. Present on every replica, worker or not.
   */
  @Bean
  @Primary
  SchedulerClient schedulerClient(TransactionAwareDataSourceProxy transactionalDataSource) {
    return SchedulerClient.Builder.create(transactionalDataSource).build();
  }

  @Bean
  @ConditionalOnProperty(
      name = "controlplane.worker.enabled",
      havingValue = "true",
      matchIfMissing = true)
  Scheduler scheduler(
      TransactionAwareDataSourceProxy dataSource,
      DSLContext dsl,
      ProvisioningEngine engine,
      PackageOperations packages,
      BackupOperations backups,
      RestoreOperations restores,
      ObjectProvider<Task<?>> tasks,
      ControlPlaneProperties properties) {
    ControlPlaneProperties.Worker worker = properties.worker();
    // Other features contribute their tasks as beans: one-time tasks are known, recurring ones are
    // also started (db-scheduler keeps a single execution of each, whatever the replica count).
    List<Task<?>> oneTime = new ArrayList<>();
    // One task for every operation kind: lifecycle kinds run in the engine, installs and
    // promotions in the packages feature, backups in the backups feature, in-place restores and
    // resets in the restore feature.
    oneTime.add(
        OperationTask.create(new OperationDispatch(dsl, engine, packages, backups, restores)));
    List<RecurringTask<?>> recurring = new ArrayList<>();
    tasks
        .orderedStream()
        .forEach(
            task -> {
              if (task instanceof RecurringTask<?> startup) {
                recurring.add(startup);
              } else {
                oneTime.add(task);
              }
            });
    return Scheduler.create(dataSource, oneTime)
        .startTasks(recurring)
        .threads(worker.threads())
        .pollingInterval(worker.pollingInterval())
        .heartbeatInterval(worker.heartbeatInterval())
        .missedHeartbeatsLimit(worker.missedHeartbeatsLimit())
        .pollUsingLockAndFetch(0.5, 3.0)
        .enableImmediateExecution()
        .shutdownMaxWait(Duration.ofSeconds(10))
        .schedulerName(
            worker.name().isBlank()
                ? new SchedulerName.Hostname()
                : new SchedulerName.Fixed(worker.name()))
        .build();
  }

  @Bean
  OperationSignal operationSignal(ObjectProvider<Scheduler> scheduler) {
    // Resolved on each signal, not now: tasks that signal may be dependencies of the scheduler.
    return () -> scheduler.ifAvailable(Scheduler::triggerCheckForDueExecutions);
  }

  /** Starts the scheduler once the application is ready and stops it before the store closes. */
  @Bean
  SmartLifecycle schedulerLifecycle(ObjectProvider<Scheduler> scheduler) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        scheduler.ifAvailable(Scheduler::start);
        running = true;
      }

      @Override
      public void stop() {
        scheduler.ifAvailable(Scheduler::stop);
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      /**
       * A db-scheduler {@code Scheduler} cannot start again once stopped, so a paused context (the
       * test framework pauses cached contexts it switches away from) would come back without one.
       */
      @Override
      public boolean isPauseable() {
        return false;
      }
    };
  }
}
