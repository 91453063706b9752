package io.envprov.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of one's own from the machine's installed server binaries (Debian's {@code
 * /usr/lib/postgresql/<major>/bin}), for tests that need a server of a given major version: the
 * embedded server ({@link EmbeddedPostgresServer}) is always PostgreSQL 17, and the machine's
 * {@code pg_dump} 15 refuses to dump a newer server. The superuser {@value #ADMIN} logs in with a
 * random SCRAM password, on {@code 127.0.0.1} and a free port; data and socket live in a new
 * temporary directory, removed on close.
 *
 * <p>PostgreSQL refuses to run as root: when the JVM runs as root, {@code initdb} and {@code
 * pg_ctl} run as the operating-system user {@code postgres} ({@code runuser}), which owns the
 * directory. Check {@link #available(int)} first (tests skip with an assumption when it is false);
 * {@code .ci/run} installs Debian's {@code postgresql-15} when it is missing.
 */
public final class LocalPostgresServer implements AutoCloseable {

  /** The superuser. */
  public static final String ADMIN = "postgres";

  /** The operating-system user the server runs as when the JVM runs as root. */
  private static final String SYSTEM_USER = "postgres";

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private final Path binDirectory;
  private final Path directory;
  private final int port;
  private final String adminPassword;
  private final boolean asSystemUser;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private LocalPostgresServer(
      Path binDirectory, Path directory, int port, String adminPassword, boolean asSystemUser) {
    this.binDirectory = binDirectory;
    this.directory = directory;
    this.port = port;
    this.adminPassword = adminPassword;
    this.asSystemUser = asSystemUser;
    this.shutdownHook = new Thread(this::stopQuietly, "stop local PostgreSQL on port " + port);
  }

  /** Debian's binary directory of a major version, e.g. {@code /usr/lib/postgresql/15/bin}. */
  public static Path binDirectory(int major) {
    return Path.of("/usr/lib/postgresql", Integer.toString(major), "bin");
  }

  /**
   * Whether a server of that major version can be started here: its {@code initdb}, {@code pg_ctl}
   * and {@code postgres} are installed, and, when the JVM runs as root, the user {@code postgres}
   * exists and {@code runuser} is at hand.
   */
  public static boolean available(int major) {
    Path bin = binDirectory(major);
    for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
      if (!Files.isExecutable(bin.resolve(tool))) {
        return false;
      }
    }
    if (!runningAsRoot()) {
      return true;
    }
    try {
      lookUpSystemUser();
    } catch (IOException e) {
      return false;
    }
    return Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")
        .anyMatch(path -> Files.isExecutable(Path.of(path)));
  }

  /** A server of that major version with the default settings. */
  public static LocalPostgresServer start(int major) {
    return start(major, Map.of());
  }

  /**
   * A server of that major version with settings ({@code -c name=value}); {@code fsync} is off
   * unless a setting says otherwise.
   *
   * @throws IllegalStateException when it cannot be started (check {@link #available(int)})
   */
  public static LocalPostgresServer start(int major, Map<String, String> settings) {
    Path bin = binDirectory(major);
    boolean asSystemUser = runningAsRoot();
    Path directory = null;
    LocalPostgresServer server = null;
    try {
      directory =
          Files.createTempDirectory(
              "local-pg" + major + "-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      if (asSystemUser) {
        giveToSystemUser(directory);
      }
      String password = EmbeddedPostgresServer.randomSecret();
      Path passwordFile = directory.resolve("password");
      Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
      if (asSystemUser) {
        giveToSystemUser(passwordFile);
      }
      run(
          asSystemUser,
          directory,
          bin.resolve("initdb").toString(),
          "--pgdata=" + directory.resolve("data"),
          "--username=" + ADMIN,
          "--pwfile=" + passwordFile,
          "--auth=scram-sha-256",
          "--encoding=UTF8",
          "--locale=C.UTF-8",
          "--no-instructions");
      Files.delete(passwordFile);
      int port = freePort();
      server = new LocalPostgresServer(bin, directory, port, password, asSystemUser);
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      List<String> options = new ArrayList<>();
      options.add("-c listen_addresses=127.0.0.1");
      options.add("-c port=" + port);
      options.add("-c unix_socket_directories=" + directory);
      options.add("-c fsync=off");
      settings.forEach((name, value) -> options.add("-c " + name + "=" + value));
      run(
          asSystemUser,
          directory,
          bin.resolve("pg_ctl").toString(),
          "--pgdata=" + directory.resolve("data"),
          "--log=" + directory.resolve("server.log"),
          "--options=" + String.join(" ", options),
          "--wait",
          "--timeout=60",
          "start");
      try (Connection ignored = server.admin("postgres")) {
        return server;
      }
    } catch (IOException | SQLException | RuntimeException e) {
      if (server != null) {
        server.close();
      } else if (directory != null) {
        deleteQuietly(directory);
      }
      throw new IllegalStateException(
          "cannot start the local PostgreSQL " + major + " from " + bin + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  public String adminPassword() {
    return adminPassword;
  }

  /** The temporary directory of the server's data, socket and log; removed on close. */
  public Path directory() {
    return directory;
  }

  /** Where the server's binaries are. */
  public Path binDirectory() {
    return binDirectory;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}, without credentials. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The URL of the {@code postgres} maintenance database. */
  public String adminUrl() {
    return url("postgres");
  }

  /** A superuser connection (SCRAM) to the named database. */
  public Connection admin(String database) throws SQLException {
    return connect(database, ADMIN, adminPassword);
  }

  /** Runs each statement as the superuser in {@code database}. */
  public void execute(String database, String... sql) {
    try (Connection connection = admin(database);
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("admin SQL failed: " + e.getMessage(), e);
    }
  }

  /** A connection as {@code user}, with time limits so a broken server fails a test, not hangs. */
  public Connection connect(String database, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "120");
    return DriverManager.getConnection(url(database), properties);
  }

  /** Stops the server ({@code pg_ctl stop -m fast}) and removes its directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (and finds the server stopped)
    }
  }

  private synchronized void stopQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      run(
          asSystemUser,
          directory,
          binDirectory.resolve("pg_ctl").toString(),
          "--pgdata=" + directory.resolve("data"),
          "--mode=fast",
          "--wait",
          "--timeout=60",
          "stop");
    } catch (IOException | RuntimeException e) {
      System.err.println("[local PostgreSQL] pg_ctl stop failed: " + e.getMessage());
    }
    deleteQuietly(directory);
  }

  /** Runs a command (as {@code postgres} when asked), failing with its output when it fails. */
  private static void run(boolean asSystemUser, Path directory, String... command)
      throws IOException {
    List<String> line = new ArrayList<>();
    if (asSystemUser) {
      line.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
    }
    line.addAll(List.of(command));
    Path output = Files.createTempFile("local-pg-command", ".log");
    try {
      Process process =
          new ProcessBuilder(line)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      try {
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IOException(command[0] + " did not finish in " + COMMAND_TIMEOUT);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException(command[0] + " was interrupted", e);
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            command[0]
                + " failed (exit "
                + process.exitValue()
                + "): "
                + Files.readString(output, StandardCharsets.UTF_8).strip());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static UserPrincipal lookUpSystemUser() throws IOException {
    UserPrincipalLookupService users = Path.of("/").getFileSystem().getUserPrincipalLookupService();
    return users.lookupPrincipalByName(SYSTEM_USER);
  }

  private static void giveToSystemUser(Path path) throws IOException {
    UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName(SYSTEM_USER));
    GroupPrincipal group = users.lookupPrincipalByGroupName(SYSTEM_USER);
    view.setGroup(group);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(LocalPostgresServer::deleteFile);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("[local PostgreSQL] cannot remove " + directory + ": " + e.getMessage());
    }
  }

  private static void deleteFile(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
