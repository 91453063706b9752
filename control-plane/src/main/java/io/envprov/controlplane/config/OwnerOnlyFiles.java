package io.envprov.controlplane.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files that hold a secret of this service: readable and writable by their owner only. */
public final class OwnerOnlyFiles {

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private OwnerOnlyFiles() {}

  /**
   * Writes {@code line} to {@code file} unless the file exists, through a private temporary file
   * linked into place: another thread or process creating the same file at once either wins or
   * finds a complete file, never a half-written one.
   *
   * @return whether this call created the file (false: someone else's is there; use theirs)
   */
  public static boolean createOnce(Path file, String line) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temporary = Files.createTempFile(dir, ".new-", ".tmp", OWNER_ONLY);
    try {
      Files.writeString(temporary, line + "\n", StandardCharsets.US_ASCII);
      Files.createLink(file, temporary);
      return true;
    } catch (FileAlreadyExistsException raced) {
      return false;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
