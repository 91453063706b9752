package io.envprov.controlplane.restore;

/**
 * A backup cannot be restored from: it does not exist, has not succeeded, is missing from the
 * store, fails its checksum, or its data key cannot be unwrapped. The message is fit for the
 * operation's error: it names the backup and the reason, never a secret.
 */
public final class SnapshotUnavailableException extends RuntimeException {

  SnapshotUnavailableException(String message) {
    super(message, null, false, false);
  }
}
