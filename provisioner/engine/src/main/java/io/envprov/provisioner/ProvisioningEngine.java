package io.envprov.provisioner;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one durable operation: claims it, calls the driver with retries, checks the result is real
 * (the baseline version is recorded in the database), and records the outcome. A provision or copy
 * that fails is compensated by dropping what it may have created, so a failed environment leaves no
 * database behind.
 *
 * <p>Every step is idempotent, so running an operation again after a crash (the scheduler revives
 * executions whose worker died) converges to the same result.
 */
public final class ProvisioningEngine implements OperationRunner {

  private static final Logger log = LoggerFactory.getLogger(ProvisioningEngine.class);

  private final OperationStore store;
  private final DriverCatalog drivers;
  private final Baseline baseline;
  private final RetryPolicy retryPolicy;
  private final ServerGuards guards;
  private final Readiness readiness;
  private final SnapshotSource snapshots;

  public ProvisioningEngine(
      OperationStore store,
      DriverCatalog drivers,
      Baseline baseline,
      RetryPolicy retryPolicy,
      ServerGuards guards,
      Readiness readiness) {
    this(store, drivers, baseline, retryPolicy, guards, readiness, SnapshotSource.NONE);
  }

  public ProvisioningEngine(
      OperationStore store,
      DriverCatalog drivers,
      Baseline baseline,
      RetryPolicy retryPolicy,
      ServerGuards guards,
      Readiness readiness,
      SnapshotSource snapshots) {
    this.snapshots = snapshots;
    this.store = store;
    this.drivers = drivers;
    this.baseline = baseline;
    this.retryPolicy = retryPolicy;
    this.guards = guards;
    this.readiness = readiness;
  }

  /** Executes the operation if it is still to be done; does nothing for a finished one. */
  @Override
  public void run(UUID operationId) {
    Optional<OperationWork> claimed = store.claim(operationId);
    if (claimed.isEmpty()) {
      log.debug("operation {} is finished or unknown; nothing to do", operationId);
      return;
    }
    OperationWork work = claimed.get();
    try {
      DatabaseDriver driver = drivers.driver(work.driver());
      ProvisionedDatabase result = execute(driver, work);
      store.succeeded(work, result);
      log.info(
          "operation {} ({}) of environment {} succeeded",
          operationId,
          work.kind().sqlValue(),
          work.environmentId());
    } catch (RuntimeException failure) {
      String error = describe(failure);
      log.warn(
          "operation {} ({}) of environment {} failed: {}",
          operationId,
          work.kind().sqlValue(),
          work.environmentId(),
          error);
      if (!store.isCurrent(work)) {
        // Revived and claimed elsewhere while this worker stalled: the database (same name) is now
        // the current attempt's, so dropping it would destroy that attempt's work.
        log.warn(
            "operation {} failed in attempt {}, which is no longer current; nothing is dropped or"
                + " recorded",
            operationId,
            work.attempt());
        return;
      }
      if (work.kind() != OperationKind.DEPROVISION) {
        compensate(work);
      }
      store.failed(work, error);
    }
  }

  private ProvisionedDatabase execute(DatabaseDriver driver, OperationWork work) {
    ProvisionRequest request =
        new ProvisionRequest(work.databaseName(), work.server(), baseline, Map.of());
    return switch (work.kind()) {
      case PROVISION -> verified(driver, work, call(work, () -> driver.provision(request)));
      case COPY ->
          verified(
              driver,
              work,
              call(
                  work,
                  () ->
                      driver.copy(
                          new DatabaseRef(work.sourceDatabaseName(), work.server()),
                          request,
                          work.copyMode())));
      case DEPROVISION -> {
        call(
            work,
            () -> {
              driver.deprovision(work.target());
              return null;
            });
        yield null;
      }
      case RESTORE -> {
        // Unsealed once; the driver's retries read the same file.
        try (SnapshotSource.Snapshot snapshot = snapshots.open(work.backupId())) {
          yield verified(driver, work, call(work, () -> driver.restore(snapshot.file(), request)));
        }
      }
      case INSTALL_PACKAGE, PROMOTE, BACKUP, RESTORE_IN_PLACE, RESET ->
          throw new IllegalStateException(
              "operation " + work.operationId() + " (" + work.kind() + ") is not the engine's");
    };
  }

  /**
   * Honest readiness: the environment's initial credentials exist (issued by the driver, sealed in
   * the store), the database can be read through the readwrite one as applications will, and its
   * baseline version is recorded in it.
   */
  private ProvisionedDatabase verified(
      DatabaseDriver driver, OperationWork work, ProvisionedDatabase result) {
    IssuedCredential readwrite = null;
    for (PlannedCredential planned : store.initialCredentials(work)) {
      IssuedCredential issued =
          call(work, () -> driver.issueCredential(work.target(), planned.request()));
      call(
          work,
          () -> {
            store.credentialIssued(work, planned, issued);
            return null;
          });
      if (planned.scope() == CredentialScope.READWRITE) {
        readwrite = issued;
      }
    }
    if (readwrite == null) {
      throw new IllegalStateException("no readwrite credential was planned for " + work);
    }
    IssuedCredential probe = readwrite;
    call(work, () -> readiness.check(driver, work.target(), probe));
    return result;
  }

  private void compensate(OperationWork work) {
    try {
      DatabaseDriver driver = drivers.driver(work.driver());
      call(
          work,
          () -> {
            driver.deprovision(work.target());
            return null;
          });
    } catch (RuntimeException e) {
      // Reported, not thrown: the failure being recorded matters more; reconciliation finds
      // leftovers.
      log.error(
          "compensation of operation {} could not drop {}: {}",
          work.operationId(),
          work.databaseName(),
          describe(e));
    }
  }

  private <T> T call(OperationWork work, Supplier<T> step) {
    String serverId = work.server() == null ? null : work.server().id();
    return retryPolicy.run(work.operationId().toString(), () -> guards.call(serverId, step));
  }

  /** {@link #call}, with the time limit of calls that move a whole database. */
  private <T> T callBulk(OperationWork work, Supplier<T> step) {
    String serverId = work.server() == null ? null : work.server().id();
    return retryPolicy.run(work.operationId().toString(), () -> guards.callBulk(serverId, step));
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
