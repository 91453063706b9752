package io.envprov.driver.sqlite;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The file layout of the driver's directory.
 *
 * <ul>
 *   <li>{@code <name>.db}: the database of an environment (database names start with a letter);
 *   <li>{@code .<name>.<random>.tmp}: a database being written, never read as a database;
 *   <li>{@code .template-<random>.db}: a baselined template, private to one driver instance.
 * </ul>
 */
final class SqliteFiles {

  /** Files SQLite keeps next to a database while it is open or after a crash. */
  private static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal");

  private final Path directory;

  SqliteFiles(Path directory) {
    this.directory = directory;
  }

  Path directory() {
    return directory;
  }

  /** The file of the database of that name. */
  Path database(String databaseName) {
    return directory.resolve(databaseName + ".db");
  }

  /** Creates the directory when it is missing. */
  void ensureDirectory() throws IOException {
    Files.createDirectories(directory);
  }

  /**
   * A new empty temporary file for writing that database. It lives in the same directory so that
   * publishing it is a rename on one file system, and its name carries the database name so that
   * {@link #deleteDatabase} can remove what a crash left behind.
   */
  Path newTemporary(String databaseName) throws IOException {
    ensureDirectory();
    return Files.createTempFile(directory, "." + databaseName + ".", ".tmp");
  }

  /** A new empty file for a template. */
  Path newTemplate() throws IOException {
    ensureDirectory();
    return Files.createTempFile(directory, ".template-", ".db");
  }

  /**
   * Publishes a complete temporary file under the target name, atomically and without replacing a
   * file already there. Returns false, having deleted the temporary file, when the target existed
   * (another call won the race).
   *
   * <p>A hard link is tried first because it fails when the target exists, whereas an atomic move
   * (a POSIX rename) silently replaces it and could discard a database already in use. Where hard
   * links are unsupported the move is used after a check; callers in this process hold the name's
   * lock, so only another process could still race it.
   */
  boolean publish(Path temporary, Path target) throws IOException {
    try {
      Files.createLink(target, temporary);
      Files.deleteIfExists(temporary);
      return true;
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temporary);
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (Files.exists(target)) {
        Files.deleteIfExists(temporary);
        return false;
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
  }

  /**
   * Deletes the database file, its companions and temporary files a crashed attempt left for it.
   * Missing files are fine.
   */
  void deleteDatabase(String databaseName) throws IOException {
    Path file = database(databaseName);
    Files.deleteIfExists(file);
    for (String suffix : COMPANIONS) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> leftovers =
        Files.newDirectoryStream(directory, "." + databaseName + ".*.tmp")) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  /** The JDBC URL of a file; it carries no secret. */
  static String jdbcUrl(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }
}
