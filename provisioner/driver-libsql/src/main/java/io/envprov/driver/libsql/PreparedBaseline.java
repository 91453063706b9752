package io.envprov.driver.libsql;

import io.envprov.libsql.hrana.HranaStatement;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.flywaydb.core.api.MigrationVersion;

/**
 * A baseline read once per process and turned into the statements that build it in one transaction:
 * Flyway's SQLite schema history table, each migration's statements, and the history rows Flyway
 * would have written (same version, description, type, script and checksum), so that Flyway later
 * sees the baseline as applied and valid and can migrate a newer one on top.
 *
 * <p>Only what can be reproduced exactly is prepared: versioned {@code V<version>__<description>
 * .sql} scripts on the class path, without placeholders or triggers. Anything else (repeatable
 * migrations, callbacks, Java migrations, a file-system location) is left to Flyway itself.
 */
final class PreparedBaseline {

  /** Flyway's SQLite history table, exactly as Flyway 11 creates it (see the equivalence test). */
  private static final String CREATE_HISTORY =
      """
      CREATE TABLE "main"."flyway_schema_history" (
          "installed_rank" INT NOT NULL PRIMARY KEY,
          "version" VARCHAR(50),
          "description" VARCHAR(200) NOT NULL,
          "type" VARCHAR(20) NOT NULL,
          "script" VARCHAR(1000) NOT NULL,
          "checksum" INT,
          "installed_by" VARCHAR(100) NOT NULL,
          "installed_on" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),
          "execution_time" INT NOT NULL,
          "success" BOOLEAN NOT NULL
      )""";

  private static final String CREATE_HISTORY_INDEX =
      "CREATE INDEX \"main\".\"flyway_schema_history_s_idx\""
          + " ON \"flyway_schema_history\" (\"success\")";

  private static final String INSERT_HISTORY =
      "INSERT INTO \"main\".\"flyway_schema_history\" (\"installed_rank\", \"version\","
          + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\","
          + " \"execution_time\", \"success\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final Pattern VERSIONED = Pattern.compile("V([^_]+(?:_[^_]+)*?)__(.+)\\.sql");

  /** One versioned script. */
  record Migration(MigrationVersion version, String description, String script, int checksum) {}

  private final List<Migration> migrations;
  private final List<HranaStatement> statements;

  private PreparedBaseline(List<Migration> migrations, List<HranaStatement> statements) {
    this.migrations = List.copyOf(migrations);
    this.statements = List.copyOf(statements);
  }

  /** The migrations, in version order. */
  List<Migration> migrations() {
    return migrations;
  }

  /** The statements that build the baseline and its history, to run in one transaction. */
  List<HranaStatement> statements() {
    return statements;
  }

  /** The highest version. */
  MigrationVersion latest() {
    return migrations.get(migrations.size() - 1).version();
  }

  /**
   * Prepares the baseline at a Flyway location, or returns empty when Flyway must apply it itself.
   */
  static Optional<PreparedBaseline> load(ClassLoader classLoader, String location) {
    if (!location.startsWith("classpath:")) {
      return Optional.empty();
    }
    String directory = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
    Map<String, String> scripts = new TreeMap<>();
    try {
      Enumeration<URL> roots = classLoader.getResources(directory);
      while (roots.hasMoreElements()) {
        for (String file : list(roots.nextElement(), directory)) {
          try (InputStream in = classLoader.getResourceAsStream(directory + "/" + file)) {
            if (in != null) {
              scripts.putIfAbsent(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
          }
        }
      }
    } catch (IOException | URISyntaxException | UncheckedIOException e) {
      return Optional.empty();
    }
    List<Migration> migrations = new ArrayList<>();
    List<List<String>> bodies = new ArrayList<>();
    for (Map.Entry<String, String> script : scripts.entrySet()) {
      Matcher name = VERSIONED.matcher(script.getKey());
      String text = script.getValue();
      List<String> split = SqlSplitter.split(text);
      if (!name.matches() || text.contains("${") || split.isEmpty() || split.contains(null)) {
        return Optional.empty(); // not something Flyway would run the way we do
      }
      migrations.add(
          new Migration(
              MigrationVersion.fromVersion(name.group(1)),
              name.group(2).replace('_', ' '),
              script.getKey(),
              checksum(text)));
      bodies.add(split);
    }
    if (migrations.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < migrations.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(i -> migrations.get(i).version()));
    List<Migration> sorted = new ArrayList<>();
    List<HranaStatement> statements = new ArrayList<>();
    // The history table comes first: creating it fails when a history exists, which stops the
    // transaction before anything else runs (the caller then reads what is applied).
    statements.add(HranaStatement.of(CREATE_HISTORY, List.of()));
    statements.add(HranaStatement.of(CREATE_HISTORY_INDEX, List.of()));
    for (int i : order) {
      sorted.add(migrations.get(i));
      bodies.get(i).forEach(sql -> statements.add(HranaStatement.of(sql, List.of())));
    }
    for (int rank = 1; rank <= sorted.size(); rank++) {
      Migration migration = sorted.get(rank - 1);
      statements.add(
          HranaStatement.of(
              INSERT_HISTORY,
              List.of(
                  (long) rank,
                  migration.version().getVersion(),
                  migration.description(),
                  "SQL",
                  migration.script(),
                  (long) migration.checksum(),
                  "", // Flyway's installed_by on SQLite: the database has no user
                  0L,
                  1L)));
    }
    return Optional.of(new PreparedBaseline(sorted, statements));
  }

  /**
   * Flyway's checksum of an SQL script: CRC32 over the UTF-8 bytes of each line without its line
   * break, the byte-order mark of the first line removed.
   */
  static int checksum(String text) {
    CRC32 crc = new CRC32();
    try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
      String line = lines.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      for (; line != null; line = lines.readLine()) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return (int) crc.getValue();
  }

  private static List<String> list(URL root, String directory)
      throws IOException, URISyntaxException {
    List<String> files = new ArrayList<>();
    String protocol = root.getProtocol().toLowerCase(Locale.ROOT);
    if (protocol.equals("file")) {
      try (var paths = Files.list(Path.of(root.toURI()))) {
        for (Path path : (Iterable<Path>) paths::iterator) {
          if (!Files.isRegularFile(path)) {
            throw new IOException("Flyway would scan the sub-directory " + path + " too");
          }
          files.add(path.getFileName().toString());
        }
      }
    } else if (root.openConnection() instanceof JarURLConnection jar) {
      jar.setUseCaches(false);
      try (JarFile file = jar.getJarFile()) {
        String prefix = directory + "/";
        Enumeration<JarEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
          String entry = entries.nextElement().getName();
          if (!entry.startsWith(prefix) || entry.length() == prefix.length()) {
            continue;
          }
          if (entry.indexOf('/', prefix.length()) >= 0) {
            throw new IOException("Flyway would scan the sub-directory of " + entry + " too");
          }
          files.add(entry.substring(prefix.length()));
        }
      }
    } else {
      throw new IOException("cannot list " + root);
    }
    return files;
  }
}
