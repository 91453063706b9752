package io.envprov.driver.postgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Running the PostgreSQL client programs: their environment, the private directory each call's runs
 * share, and what their failures mean.
 *
 * <p>A program never sees a secret on its command line or in its environment (both can be read by
 * other processes of the same user, and command lines by every user): the password of the login it
 * connects as is in a passfile ({@code PGPASSFILE}, mode 0600, in a directory of mode 0700) that is
 * deleted with the directory when the call ends. Every {@code PG*} variable the service itself was
 * started with is removed (a {@code PGPASSWORD} would outrank the passfile, a {@code PGOPTIONS}
 * change the session), messages are in English ({@code LC_ALL=C}) so that they can be classified,
 * and the programs' error output is captured to a file, read back bounded and masked.
 */
final class ClientProcess {

  /** The most of a program's error output that is read back. */
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  /** The most of it that goes into a message. */
  private static final int MAX_REASON_CHARS = 1500;

  /** psql's {@code VERBOSITY=verbose} prints the SQLSTATE after the severity. */
  private static final Pattern SQLSTATE =
      Pattern.compile("(?:ERROR|FATAL|PANIC):\\s+([0-9A-Z]{5}):");

  private static final List<String> PERMANENT_TEXT =
      List.of(
          "password authentication failed",
          "authentication failed",
          "no pg_hba.conf entry",
          "does not exist",
          "permission denied",
          "not allowed to log in",
          "is not permitted to log in",
          "does not allow connections",
          "unsupported version",
          "does not appear to be a valid archive",
          "aborting because of server version mismatch");

  private static final List<String> TRANSIENT_TEXT =
      List.of(
          "could not connect to server",
          "connection to server",
          "server closed the connection unexpectedly",
          "terminating connection",
          "could not obtain lock",
          "lock timeout",
          "deadlock detected",
          "the database system is starting up",
          "the database system is shutting down",
          "the database system is in recovery mode",
          "too many clients",
          "remaining connection slots",
          "could not receive data from server",
          "could not send data to server",
          "no connection to the server",
          "timeout expired");

  private ClientProcess() {}

  /**
   * What a program run failed with.
   *
   * @param reason the program, its exit code and the gist of its error output, secrets masked
   * @param transientFailure whether a retry may succeed (a lost connection, a lock, a deadlock)
   */
  record Failure(String reason, boolean transientFailure) {}

  /**
   * Prepares a program's environment: without any {@code PG*} variable of the service's, with
   * English messages, and with the passfile when one is given.
   */
  static void cleanEnvironment(Map<String, String> environment) {
    environment.keySet().removeIf(name -> name.startsWith("PG"));
    environment.remove("LANGUAGE");
    environment.put("LC_ALL", "C");
  }

  /** A program run from {@code workspace}, connecting with the passfile's password if given. */
  static ProcessBuilder builder(List<String> command, Workspace workspace, Path passfile) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.directory().toFile());
    cleanEnvironment(builder.environment());
    builder.environment().put("PGPASSFILE", passfile.toString());
    return builder;
  }

  /** Waits for the process, destroying it when the wait is interrupted. */
  static int waitFor(Process process) throws InterruptedException {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Ends the process if it still runs: politely, then for good. */
  static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The failure of a program that exited with {@code exitCode}, judged by its error output in
   * {@code errors}, with {@code secrets} masked.
   */
  static Failure failure(String program, int exitCode, Path errors, Collection<String> secrets) {
    String output = tail(errors);
    return new Failure(
        program + " failed (exit " + exitCode + "): " + gist(output, secrets), isTransient(output));
  }

  /** The lines of the error output that say what went wrong, masked and bounded. */
  static String gist(String output, Collection<String> secrets) {
    List<String> lines =
        output
            .lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("LOCATION:"))
            .toList();
    List<String> telling =
        lines.stream()
            .filter(
                line ->
                    line.contains("error:")
                        || line.contains("ERROR:")
                        || line.contains("FATAL:")
                        || line.contains("DETAIL:")
                        || line.contains("detail:")
                        || line.contains("HINT:"))
            .limit(6)
            .toList();
    List<String> chosen =
        telling.isEmpty() ? lines.subList(Math.max(0, lines.size() - 6), lines.size()) : telling;
    String text = chosen.isEmpty() ? "no error output" : String.join(" | ", chosen);
    text = PostgresErrors.redact(text, secrets);
    return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "...";
  }

  /**
   * Whether the error output tells of a condition a retry may clear: an SQLSTATE that {@link
   * PostgresErrors#isTransientState} names (psql prints it), else the wording of libpq's connection
   * and lock failures. Refused logins and missing objects are permanent.
   */
  static boolean isTransient(String output) {
    Matcher state = SQLSTATE.matcher(output);
    if (state.find()) {
      return PostgresErrors.isTransientState(state.group(1));
    }
    String text = output.toLowerCase(Locale.ROOT);
    if (PERMANENT_TEXT.stream().anyMatch(text::contains)) {
      return false;
    }
    return TRANSIENT_TEXT.stream().anyMatch(text::contains);
  }

  /** The last {@value #MAX_ERROR_BYTES} bytes of a file, or nothing when it cannot be read. */
  private static String tail(Path file) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      long start = Math.max(0, length - MAX_ERROR_BYTES);
      byte[] bytes = new byte[(int) (length - start)];
      in.seek(start);
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * A private directory for one call's runs (mode 0700): the passfile, a restore's list of entries,
   * the programs' error output. Deleted with everything in it by {@link #close()}.
   */
  static final class Workspace implements AutoCloseable {

    private final Path directory;

    private Workspace(Path directory) {
      this.directory = directory;
    }

    static Workspace create() throws IOException {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      Path directory =
          posix
              ? Files.createTempDirectory(
                  "envprov-pg-",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rwx------")))
              : Files.createTempDirectory("envprov-pg-");
      return new Workspace(directory);
    }

    Path directory() {
      return directory;
    }

    /** A file of this directory (not created). */
    Path file(String name) {
      return directory.resolve(name);
    }

    /**
     * A new passfile (mode 0600) with the password of {@code user} for any host, port and database:
     * libpq reads it, so the password is on no command line and in no environment.
     */
    Path passfile(String user, String password) throws IOException {
      Path file = directory.resolve("pgpass");
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.writeString(
          file, "*:*:*:" + passfileField(user) + ":" + passfileField(password) + "\n");
      return file;
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(Workspace::delete);
      } catch (IOException | UncheckedIOException e) {
        // A temporary directory of mode 0700; the passfile in it holds a login that is dropped
        // at the end of the call, and expires by itself soon after.
      }
    }

    private static void delete(Path path) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A passfile field: backslashes and colons escaped with a backslash. */
    static String passfileField(String value) {
      return value.replace("\\", "\\\\").replace(":", "\\:");
    }
  }

  /** The arguments as a list, for {@link ProcessBuilder}. */
  static List<String> command(Object... parts) {
    List<String> command = new ArrayList<>(parts.length);
    for (Object part : parts) {
      command.add(part.toString());
    }
    return command;
  }
}
