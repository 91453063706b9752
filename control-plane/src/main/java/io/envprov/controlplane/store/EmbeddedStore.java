package io.envprov.controlplane.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL used when no external store is configured. Its data directory lives under
 * the service's data directory, so everything survives a restart.
 *
 * <p>It is not open to whoever can reach its port: the superuser has a generated password (see
 * {@link EmbeddedStoreAuth}), kept beside the data directory readable by the owner only, and every
 * connection, TCP or Unix socket, must prove it with SCRAM-SHA-256. A data directory created by an
 * earlier version with {@code trust} is upgraded on start.
 */
public final class EmbeddedStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedStore(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  /**
   * Starts (or restarts over existing data) the embedded server in {@code directory}; its
   * superuser's password is in {@link #passwordFile(Path)}.
   */
  public static EmbeddedStore start(Path directory, int port) {
    try {
      Files.createDirectories(directory);
      stopLeftoverServer(directory);
      EmbeddedStoreAuth auth = new EmbeddedStoreAuth(passwordFile(directory));
      String password = auth.password();
      EmbeddedPostgres postgres =
          auth.configure(EmbeddedPostgres.builder())
              .setDataDirectory(directory.toFile())
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(Duration.ofSeconds(60))
              // The embedded server is a real store whose data must survive crashes, not a test
              // fixture: undo the library's test defaults (-F turns fsync off, and asynchronous
              // commit); later -c options override the -F flag.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .start();
      log.info(
          "embedded PostgreSQL started on port {} with data in {}",
          postgres.getPort(),
          directory.toAbsolutePath());
      return new EmbeddedStore(postgres, password);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL failed to start in " + directory, e);
    }
  }

  /**
   * A server left running by a process that was killed (its postmaster outlives it) holds the data
   * directory; stop it so this start can take over.
   */
  private static void stopLeftoverServer(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> leftover =
        lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    if (leftover.isPresent()
        && leftover.get().isAlive()
        && leftover.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
      log.warn("stopping a PostgreSQL left running on {} by an earlier process", directory);
      leftover.get().destroy();
      try {
        leftover.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        leftover.get().destroyForcibly();
      }
    }
    if (leftover.isEmpty() || !leftover.get().isAlive()) {
      Files.deleteIfExists(pidFile);
    }
  }

  /** Where the superuser's password of the server in {@code directory} is kept. */
  public static Path passwordFile(Path directory) {
    return directory.toAbsolutePath().resolveSibling(directory.getFileName() + "-password");
  }

  public StoreConnection connection() {
    return new StoreConnection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", password);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
