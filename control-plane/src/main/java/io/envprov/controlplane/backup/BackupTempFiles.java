package io.envprov.controlplane.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private temporary files for plaintext snapshots, in one directory under the data directory that
 * only this service's user may enter ({@code 0700}), each file made owner-only ({@code 0600}) once
 * written and deleted as soon as it is sealed (or unsealed and restored). A file left by a crash is
 * deleted by {@link #deleteOlderThan}, which the backup schedule calls.
 */
public final class BackupTempFiles {

  private static final Logger log = LoggerFactory.getLogger(BackupTempFiles.class);
  private static final String SUFFIX = ".snapshot";

  private final Path directory;
  private final Clock clock;

  public BackupTempFiles(Path directory, Clock clock) {
    this.directory = directory.toAbsolutePath().normalize();
    this.clock = clock;
  }

  /** A temporary file that does not exist yet, in the private directory; deleted on close. */
  public TempFile reserve() throws IOException {
    ensureDirectory();
    return new TempFile(directory.resolve(UUID.randomUUID() + SUFFIX));
  }

  /** The directory the files are made in. */
  public Path directory() {
    return directory;
  }

  /** Deletes files left behind (by a crash) longer ago than {@code age}; returns how many. */
  public int deleteOlderThan(Duration age) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    FileTime before = FileTime.from(clock.instant().minus(age));
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        try {
          if (Files.getLastModifiedTime(file).compareTo(before) < 0 && Files.deleteIfExists(file)) {
            deleted++;
          }
        } catch (IOException e) {
          log.warn("cannot delete the leftover snapshot {}: {}", file, e.getMessage());
        }
      }
    } catch (IOException e) {
      log.warn("cannot list the snapshot directory {}: {}", directory, e.getMessage());
    }
    if (deleted > 0) {
      log.info("deleted {} leftover plaintext snapshot(s) from {}", deleted, directory);
    }
    return deleted;
  }

  private void ensureDirectory() throws IOException {
    Files.createDirectories(directory);
    try {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the data directory's own protection applies.
    }
  }

  /** One temporary file: its path, made owner-only by {@link #protect}, deleted on close. */
  public static final class TempFile implements AutoCloseable {

    private final Path path;

    private TempFile(Path path) {
      this.path = path;
    }

    public Path path() {
      return path;
    }

    /** Makes the file (once written) readable and writable by its owner only. */
    public void protect() throws IOException {
      try {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system.
      }
    }

    @Override
    public void close() {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        log.warn("cannot delete the plaintext snapshot {}: {}", path, e.getMessage());
      }
    }
  }
}
