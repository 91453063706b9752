package io.envprov.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The control plane running as a child process: its own data directory, a free port and a freshly
 * generated bootstrap admin key. Its standard output and error go to {@link #logFile()}.
 *
 * <p>{@link #close()} stops it gracefully: SIGTERM to the JVM (which stops its embedded PostgreSQL
 * on the way out), a wait, and only then SIGKILL. Embedded PostgreSQL is started through {@code
 * pg_ctl} and so is <em>not</em> a descendant of the JVM; it is found through {@code
 * <data>/postgres/postmaster.pid} and terminated the same way if the JVM left it running.
 */
final class ControlPlaneProcess implements AutoCloseable {

  private static final Duration JVM_STOP_WAIT = Duration.ofSeconds(40);
  private static final Duration STRAGGLER_STOP_WAIT = Duration.ofSeconds(20);

  private final Process process;
  private final Path dataDir;
  private final Path logFile;
  private final int port;
  private final String adminKey;
  private final long startedNanos;
  private volatile boolean closed;

  private ControlPlaneProcess(
      Process process, Path dataDir, Path logFile, int port, String adminKey, long startedNanos) {
    this.process = process;
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.port = port;
    this.adminKey = adminKey;
    this.startedNanos = startedNanos;
  }

  /** Starts the jar with a new data directory below {@code workDir}; does not wait for health. */
  static ControlPlaneProcess start(
      Path java, Path jar, List<String> jvmArgs, List<String> appArgs, Path workDir)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "control-plane jar not found: "
              + jar
              + " (build it with `mvn -B -q package -DskipTests` at the project root, or pass"
              + " --jar)");
    }
    Path dataDir = Files.createDirectories(workDir.resolve("control-plane-data"));
    Path logFile = dataDir.resolve("control-plane.log");
    int port = freePort();
    String adminKey = generateKey();

    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(appArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().put("CONTROL_PLANE_DATA_DIR", dataDir.toString());
    builder.environment().put("SERVER_PORT", Integer.toString(port));
    builder.environment().put("CONTROL_PLANE_BOOTSTRAP_ADMIN_KEY", adminKey);
    // Never inherit a store URL from the caller's shell: the benchmark wants the embedded one.
    builder.environment().remove("CONTROL_PLANE_DATABASE_URL");
    long started = System.nanoTime();
    Process process = builder.start();
    return new ControlPlaneProcess(process, dataDir, logFile, port, adminKey, started);
  }

  /**
   * Waits until {@code GET /actuator/health} answers 200 with status UP. Fails early, quoting the
   * log, when the process exits.
   *
   * @return how long the service took to become healthy, since it was started
   */
  Duration awaitHealthy(HttpClient http, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest request =
        HttpRequest.newBuilder(baseUri().resolve("/actuator/health"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    @Nullable String last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "control plane exited with code "
                + process.exitValue()
                + " before becoming healthy; last log lines:\n"
                + tail(40));
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        last = response.statusCode() + " " + response.body();
        if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (IOException e) {
        last = e.toString(); // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "control plane not healthy after "
            + timeout.toSeconds()
            + " s (last answer: "
            + last
            + "); last log lines:\n"
            + tail(40));
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  String adminKey() {
    return adminKey;
  }

  Path dataDir() {
    return dataDir;
  }

  Path logFile() {
    return logFile;
  }

  long pid() {
    return process.pid();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /** The last {@code lines} lines of the service log. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /**
   * Stops the service and everything it started: SIGTERM first, SIGKILL only after a grace period.
   * Idempotent.
   *
   * @return a description of what had to be done, for the report
   */
  synchronized String stop() {
    if (closed) {
      return "already stopped";
    }
    closed = true;
    StringBuilder notes = new StringBuilder();
    // Snapshot before the JVM goes: its descendants are reparented once it exits.
    Set<ProcessHandle> stragglers = new LinkedHashSet<>();
    process.descendants().forEach(stragglers::add);
    postmaster().ifPresent(stragglers::add);

    if (process.isAlive()) {
      process.toHandle().destroy(); // SIGTERM: Spring's graceful shutdown stops PostgreSQL
      if (await(process.toHandle(), JVM_STOP_WAIT)) {
        notes.append("service stopped with SIGTERM (exit ").append(exitCode()).append(')');
      } else {
        process.toHandle().destroyForcibly();
        await(process.toHandle(), Duration.ofSeconds(5));
        notes.append("service ignored SIGTERM for ").append(JVM_STOP_WAIT.toSeconds());
        notes.append(" s and was killed");
      }
    } else {
      notes.append("service had already exited (code ").append(exitCode()).append(')');
    }

    // Whatever outlived the JVM (normally nothing): the same treatment, one by one.
    postmaster().ifPresent(stragglers::add);
    for (ProcessHandle straggler : stragglers) {
      if (!straggler.isAlive()) {
        continue;
      }
      String what = straggler.pid() + " " + straggler.info().command().orElse("?");
      straggler.destroy();
      if (await(straggler, STRAGGLER_STOP_WAIT)) {
        notes.append("; terminated leftover process ").append(what);
      } else {
        straggler.destroyForcibly();
        notes.append("; killed leftover process ").append(what);
      }
    }
    return notes.toString();
  }

  @Override
  public void close() {
    stop();
  }

  private String exitCode() {
    try {
      return Integer.toString(process.exitValue());
    } catch (IllegalThreadStateException e) {
      return "?";
    }
  }

  /** The embedded PostgreSQL server of this data directory, if it is running. */
  Optional<ProcessHandle> postmaster() {
    Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(0).trim());
      // Guard against a recycled pid: only ever signal a postgres process.
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean await(ProcessHandle handle, Duration timeout) {
    CompletableFuture<ProcessHandle> exit = handle.onExit();
    try {
      exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !handle.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    } catch (ExecutionException e) {
      return !handle.isAlive();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static String generateKey() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return "bench-" + HexFormat.of().formatHex(bytes);
  }
}
