package io.envprov.controlplane.restore;

import io.envprov.controlplane.config.ControlPlaneProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where plaintext snapshots live while a restore or a reset uses them: a directory of the data
 * directory ({@code <controlplane.data-dir>/snapshots}) that only this service's user may enter,
 * with owner-only files, each deleted as soon as its operation is done with it. A snapshot holds a
 * whole database in the clear, so it never goes anywhere else and is never kept.
 */
@Component
public class SnapshotFiles {

  private static final Logger log = LoggerFactory.getLogger(SnapshotFiles.class);
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path directory;

  SnapshotFiles(ControlPlaneProperties properties) {
    this.directory = properties.dataDir().resolve("snapshots").toAbsolutePath().normalize();
  }

  /**
   * A fresh path in the directory for a snapshot file that does not exist yet (drivers and the
   * vault create the file themselves, and refuse one that exists).
   */
  public Path newPath(String purpose) {
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(directory);
      }
      if (POSIX) {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the snapshot directory " + directory + " is not usable", e);
    }
    return directory.resolve(purpose + "-" + UUID.randomUUID() + ".snapshot");
  }

  /** Makes the file readable and writable by its owner only. */
  void ownerOnly(Path file) throws IOException {
    if (POSIX && Files.exists(file)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /** Deletes the snapshot (a missing one is fine); a failure is logged, never thrown. */
  public void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("the snapshot file {} could not be deleted: {}", file, e.toString());
    }
  }

  /** The directory, for tests that check nothing is left behind. */
  public Path directory() {
    return directory;
  }
}
