package io.envprov.driver.libsql.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Removes a benchmark's temporary files. */
final class LibsqlTestServerFiles {

  private LibsqlTestServerFiles() {}

  static void delete(Path directory) {
    try (var paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
