package io.envprov.provisioner.packages;

import org.jspecify.annotations.Nullable;

/**
 * An install that did not happen. The message is fit for the environment's operation (the failing
 * migration and the database's error), never a secret.
 */
public final class PackageException extends RuntimeException {

  /** Why. */
  public enum Reason {
    /** The database's history differs from the catalog; nothing was run. */
    DRIFT,
    /** A migration failed; where the dialect allows it, nothing of this install remains. */
    MIGRATION_FAILED,
    /** The database could not be reached or read; a retry may succeed. */
    UNREACHABLE,
    /**
     * The database holds a newer version of the package (migrations the target does not have);
     * nothing was run: packages are not downgraded.
     */
    DOWNGRADE
  }

  private final Reason reason;

  public PackageException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Whether a retry may succeed. */
  public boolean isTransient() {
    return reason == Reason.UNREACHABLE;
  }
}
