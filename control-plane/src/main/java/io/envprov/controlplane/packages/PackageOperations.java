package io.envprov.controlplane.packages;

import static io.envprov.controlplane.store.Tables.Operation.*;

import io.envprov.controlplane.operation.OperationAttempts;
import io.envprov.controlplane.web.ApiException;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationRunner;
import io.envprov.provisioner.OperationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the operations of kinds {@code install_package} and {@code promote}, on the same
 * db-scheduler task as provisioning (the task hands them here by kind). Like the engine, it claims
 * the operation first ({@code pending -> running}, one more attempt; a finished one is not run
 * again), then records {@code succeeded} or {@code failed} with the error, only while its attempt
 * is the current one. The environment's own status never changes: an install that fails is the
 * operation's failure, not the environment's.
 *
 * <p>A crash or a revived attempt runs the install again, which is safe: the database's history
 * decides what is left to run.
 */
@Component
public class PackageOperations implements OperationRunner {

  private static final Logger log = LoggerFactory.getLogger(PackageOperations.class);

  private final DSLContext dsl;
  private final PackageInstaller installer;
  private final OperationAttempts attempts;

  PackageOperations(DSLContext dsl, PackageInstaller installer, OperationAttempts attempts) {
    this.dsl = dsl;
    this.installer = installer;
    this.attempts = attempts;
  }

  /** An operation claimed by this attempt. */
  private record Claimed(
      UUID id,
      OperationKind kind,
      UUID environmentId,
      Map<String, Object> payload,
      int attempt,
      String createdBy) {}

  @Override
  public void run(UUID operationId) {
    Claimed claimed = claim(operationId);
    if (claimed == null) {
      log.debug("operation {} is finished or unknown; nothing to do", operationId);
      return;
    }
    String error;
    try {
      error =
          switch (claimed.kind()) {
            case INSTALL_PACKAGE -> install(claimed);
            case PROMOTE -> promote(claimed);
            default ->
                throw new IllegalStateException(
                    "operation " + operationId + " (" + claimed.kind() + ") is the engine's");
          };
    } catch (ApiException e) {
      error = e.getMessage(); // the version left the catalog: package_not_found
    } catch (RuntimeException e) {
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.warn("operation {} ({}) failed unexpectedly", operationId, claimed.kind(), e);
    }
    finish(claimed, error);
  }

  /** One install: the error, or null when it succeeded. */
  private @Nullable String install(Claimed claimed) {
    Map<String, Object> payload = claimed.payload();
    InstallOutcome outcome =
        installer.install(
            claimed.environmentId(),
            (String) payload.get("name"),
            (String) payload.get("version"),
            Boolean.TRUE.equals(payload.get("force")),
            claimed.createdBy());
    return outcome.result() == InstallOutcome.Result.SUCCEEDED ? null : outcome.error();
  }

  /**
   * A promotion: the source's package versions, in the order the request fixed ({@code system}
   * first, then by name), one after the other. The first that does not succeed stops it, and the
   * error names it and what was installed before it.
   */
  private @Nullable String promote(Claimed claimed) {
    Map<String, Object> payload = claimed.payload();
    boolean force = Boolean.TRUE.equals(payload.get("force"));
    List<String> done = new ArrayList<>();
    for (Object entry : (List<?>) payload.getOrDefault("packages", List.of())) {
      Map<?, ?> item = (Map<?, ?>) entry;
      String name = (String) item.get("name");
      String version = (String) item.get("version");
      InstallOutcome outcome =
          installer.install(claimed.environmentId(), name, version, force, claimed.createdBy());
      if (outcome.result() != InstallOutcome.Result.SUCCEEDED) {
        return "promotion stopped at "
            + name
            + " "
            + version
            + " ("
            + outcome.result().name().toLowerCase(java.util.Locale.ROOT)
            + "): "
            + outcome.error()
            + (done.isEmpty() ? "" : "; installed before it: " + String.join(", ", done));
      }
      done.add(name + " " + version);
    }
    return null;
  }

  private @Nullable Claimed claim(UUID operationId) {
    return attempts
        .claim(dsl, operationId, List.of(OperationKind.INSTALL_PACKAGE, OperationKind.PROMOTE))
        .map(
            a ->
                new Claimed(
                    a.operationId(),
                    a.kind(),
                    a.resourceId(),
                    a.payload(),
                    a.number(),
                    a.createdBy()))
        .orElse(null);
  }

  /** Records the outcome, if this attempt is still the operation's current one. */
  private void finish(Claimed claimed, @Nullable String error) {
    OperationStatus status = error == null ? OperationStatus.SUCCEEDED : OperationStatus.FAILED;
    if (!attempts.finish(dsl, claimed.id(), claimed.attempt(), error)) {
      log.warn(
          "attempt {} of operation {} is stale; its outcome {} is not recorded",
          claimed.attempt(),
          claimed.id(),
          status.sqlValue());
    } else {
      log.info(
          "operation {} ({}) of environment {} {}",
          claimed.id(),
          claimed.kind().sqlValue(),
          claimed.environmentId(),
          status.sqlValue());
    }
  }
}
