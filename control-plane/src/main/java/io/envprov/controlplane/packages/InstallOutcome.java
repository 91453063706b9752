package io.envprov.controlplane.packages;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What installing a package into one environment came to.
 *
 * @param result what happened
 * @param fromVersion the version the environment had before, or null
 * @param applied the migrations run (empty when it was already complete or nothing was done)
 * @param error why it failed or was skipped, fit for the API (never a secret), or null
 */
public record InstallOutcome(
    Result result, @Nullable String fromVersion, List<String> applied, @Nullable String error) {

  /** What happened to the environment. */
  public enum Result {
    /** The database holds the version now (it may have held it already). */
    SUCCEEDED,
    /** A migration failed or the database could not be reached; it stays at its old version. */
    FAILED,
    /** Its history differs from the catalog; nothing was run. */
    SKIPPED_DRIFT,
    /** It is not {@code active} (suspended, provisioning, failed, archived): not touched. */
    SKIPPED_NOT_ACTIVE
  }

  public InstallOutcome {
    applied = List.copyOf(applied);
  }
}
