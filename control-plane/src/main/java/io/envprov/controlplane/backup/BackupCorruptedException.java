package io.envprov.controlplane.backup;

import java.io.IOException;

/**
 * A sealed backup that fails its checks: its checksum differs, a segment's tag does not verify, or
 * it is cut short. Its message is fit for an operation's error.
 */
public final class BackupCorruptedException extends IOException {

  public BackupCorruptedException(String message) {
    super(message);
  }
}
