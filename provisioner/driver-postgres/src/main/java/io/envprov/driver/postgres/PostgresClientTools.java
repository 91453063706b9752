package io.envprov.driver.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL client programs that backups and restores run ({@code pg_dump}, {@code
 * pg_restore}, {@code psql}), found once per driver and picked per server.
 *
 * <p>Where they are looked for: only in the configured directory (setting {@code
 * clientBinDirectory}, else the environment variable {@code ENVPROV_PG_BIN_DIR}) when one is given;
 * otherwise in every directory of the {@code PATH} that has them, then in {@code
 * /usr/lib/postgresql/<major>/bin} (Debian, Ubuntu) and {@code /usr/pgsql-<major>/bin} (RHEL) for
 * every installed major version. Debian's {@code /usr/bin/pg_dump} is a wrapper that picks one of
 * the versioned directories itself, so it is skipped in favour of them.
 *
 * <p>The version rule: {@code pg_dump} refuses a server of a newer major version than its own,
 * while a newer {@code pg_dump} writes SQL that an older server may not take (e.g. {@code SET
 * transaction_timeout} from version 17). A server gets the programs of the lowest major version
 * that is not older than its own, among all found (not only the first directory): a {@code pg_dump}
 * on the {@code PATH} too old for one server does not hide a suitable one elsewhere. A server
 * without such programs cannot be backed up; {@link PostgresDriver#capabilities} says so.
 */
final class PostgresClientTools {

  private static final Logger log = LoggerFactory.getLogger(PostgresClientTools.class);

  static final String PG_DUMP = "pg_dump";
  static final String PG_RESTORE = "pg_restore";
  static final String PSQL = "psql";

  private static final Pattern VERSION =
      Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");
  private static final Pattern VERSIONED_DIRECTORY = Pattern.compile("\\d+(?:\\.\\d+)?");

  private final @Nullable Path configured;
  private final List<Path> searched;
  private volatile @Nullable List<Toolset> found;

  /**
   * @param configured the one directory to use, or null to look on the {@code PATH} and in the
   *     usual installation directories
   */
  PostgresClientTools(@Nullable Path configured) {
    this(configured, configured == null ? defaultCandidates() : List.of(configured));
  }

  /** Tools looked for in exactly these directories, in this order (for tests). */
  PostgresClientTools(@Nullable Path configured, List<Path> candidates) {
    this.configured = configured;
    this.searched = List.copyOf(candidates);
  }

  /**
   * The programs of one directory, all three of one version.
   *
   * @param directory where they are
   * @param version {@code pg_dump --version}'s number, e.g. {@code 15.18}
   * @param major the major version in the form of {@code server_version_num / 100} for versions
   *     before 10 (906 for 9.6) and {@code major * 100} from 10 on (1500 for 15)
   */
  record Toolset(Path directory, String version, int major) {

    Path pgDump() {
      return directory.resolve(PG_DUMP);
    }

    Path pgRestore() {
      return directory.resolve(PG_RESTORE);
    }

    Path psql() {
      return directory.resolve(PSQL);
    }

    /** Whether these programs can dump and restore a server of that {@code server_version_num}. */
    boolean serves(int serverVersionNum) {
      return major >= majorOfServer(serverVersionNum);
    }
  }

  /** Whether any usable set of programs was found. */
  boolean any() {
    return !toolsets().isEmpty();
  }

  /** The programs for a server of that {@code server_version_num}, if any here will do. */
  Optional<Toolset> forServer(int serverVersionNum) {
    return toolsets().stream()
        .filter(toolset -> toolset.serves(serverVersionNum))
        .min(Comparator.comparingInt(Toolset::major));
  }

  /** Why no programs serve that server, with what was found and how to point the driver at more. */
  String unsuitable(int serverVersionNum) {
    List<Toolset> toolsets = toolsets();
    String have =
        toolsets.isEmpty()
            ? "none were found " + where()
            : "found only "
                + toolsets.stream()
                    .map(t -> t.version() + " in " + t.directory())
                    .collect(Collectors.joining(", "));
    return "backups of a PostgreSQL "
        + versionName(serverVersionNum)
        + " server need pg_dump, pg_restore and psql of that major version or a newer one ("
        + have
        + "); install them and set setting '"
        + PostgresSettings.CLIENT_BIN_DIRECTORY
        + "' of driver '"
        + PostgresDriverProvider.NAME
        + "' (or the environment variable "
        + PostgresSettings.CLIENT_BIN_DIRECTORY_ENV
        + ") to their directory";
  }

  /** The major version of a {@code server_version_num}, in {@link Toolset#major()}'s form. */
  static int majorOfServer(int serverVersionNum) {
    return serverVersionNum >= 100000 ? serverVersionNum / 10000 * 100 : serverVersionNum / 100;
  }

  /**
   * The major version that {@code pg_dump --version} printed, in {@link Toolset#major()}'s form.
   */
  static Optional<Integer> majorOfTool(String versionOutput) {
    Matcher matcher = VERSION.matcher(versionOutput);
    if (!matcher.find()) {
      return Optional.empty();
    }
    int first = Integer.parseInt(matcher.group(1));
    int second = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
    return Optional.of(first >= 10 ? first * 100 : first * 100 + second);
  }

  /** {@code 15} or {@code 9.6} for a {@code server_version_num}. */
  static String versionName(int serverVersionNum) {
    return serverVersionNum >= 100000
        ? Integer.toString(serverVersionNum / 10000)
        : (serverVersionNum / 10000) + "." + (serverVersionNum / 100 % 100);
  }

  private List<Toolset> toolsets() {
    List<Toolset> toolsets = found;
    if (toolsets == null) {
      synchronized (this) {
        toolsets = found;
        if (toolsets == null) {
          toolsets = discover();
          found = toolsets;
        }
      }
    }
    return toolsets;
  }

  private List<Toolset> discover() {
    List<Toolset> toolsets = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (Path directory : searched) {
      Path real;
      try {
        real = directory.toRealPath();
      } catch (IOException e) {
        continue;
      }
      if (!seen.add(real) || !hasAll(real) || (configured == null && isWrapper(real))) {
        continue;
      }
      version(real).ifPresent(toolsets::add);
    }
    if (toolsets.isEmpty()) {
      log.warn(
          "no PostgreSQL client programs (pg_dump, pg_restore, psql) found {}: postgres"
              + " databases cannot be backed up or restored",
          where());
    } else {
      log.info(
          "PostgreSQL client programs for backups: {}",
          toolsets.stream()
              .map(t -> t.version() + " in " + t.directory())
              .collect(Collectors.joining(", ")));
    }
    return List.copyOf(toolsets);
  }

  private static boolean hasAll(Path directory) {
    return Files.isExecutable(directory.resolve(PG_DUMP))
        && Files.isExecutable(directory.resolve(PG_RESTORE))
        && Files.isExecutable(directory.resolve(PSQL));
  }

  /** Debian's {@code pg_wrapper}, which dispatches to a versioned directory of its own choosing. */
  private static boolean isWrapper(Path directory) {
    try {
      return directory.resolve(PG_DUMP).toRealPath().getFileName().toString().equals("pg_wrapper");
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Toolset> version(Path directory) {
    Path output = null;
    try {
      output = Files.createTempFile("envprov-pg-version", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(directory.resolve(PG_DUMP).toString(), "--version")
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      ClientProcess.cleanEnvironment(builder.environment());
      Process process = builder.start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        log.warn("{} --version did not answer within 30 s; ignored", directory.resolve(PG_DUMP));
        return Optional.empty();
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8).strip();
      Optional<Integer> major = majorOfTool(printed);
      if (process.exitValue() != 0 || major.isEmpty()) {
        log.warn("{} --version printed no version: {}", directory.resolve(PG_DUMP), printed);
        return Optional.empty();
      }
      Matcher matcher = VERSION.matcher(printed);
      String number =
          matcher.find()
              ? matcher.group(1) + (matcher.group(2) == null ? "" : "." + matcher.group(2))
              : printed;
      return Optional.of(new Toolset(directory, number, major.get()));
    } catch (IOException e) {
      log.warn("cannot run {} --version: {}", directory.resolve(PG_DUMP), e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // a temporary file with a version number in it
        }
      }
    }
  }

  /** The {@code PATH}, then the versioned installation directories, newest first. */
  static List<Path> defaultCandidates() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(Pattern.quote(File.pathSeparator))) {
        if (!entry.isBlank()) {
          candidates.add(Path.of(entry));
        }
      }
    }
    candidates.addAll(versioned(Path.of("/usr/lib/postgresql"), "", "bin"));
    candidates.addAll(versioned(Path.of("/usr"), "pgsql-", "bin"));
    return candidates;
  }

  /** {@code <parent>/<prefix><major>/<child>} for every major version there, newest first. */
  private static List<Path> versioned(Path parent, String prefix, String child) {
    List<Path> directories = new ArrayList<>();
    if (!Files.isDirectory(parent)) {
      return directories;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, prefix + "*")) {
      for (Path entry : entries) {
        String suffix = entry.getFileName().toString().substring(prefix.length());
        if (VERSIONED_DIRECTORY.matcher(suffix).matches()) {
          directories.add(entry.resolve(child));
        }
      }
    } catch (IOException e) {
      return directories;
    }
    directories.sort(
        Comparator.comparingDouble(
                (Path p) ->
                    Double.parseDouble(
                        p.getParent().getFileName().toString().substring(prefix.length())))
            .reversed());
    return directories;
  }

  private String where() {
    return configured != null
        ? "in " + configured
        : "on the PATH or in /usr/lib/postgresql/<major>/bin or /usr/pgsql-<major>/bin";
  }
}
