package io.envprov.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control plane a provisioning harness measures, from start to stop: started from the {@link
 * HarnessOptions} in the run's work directory, stopped by a shutdown hook as well should the
 * harness be interrupted (Ctrl-C), and reached over one HTTP/1.1 client.
 */
final class HarnessService {

  private final HarnessOptions options;
  private final ControlPlaneProcess process;
  private final Thread hook;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private HarnessService(
      HarnessOptions options, ControlPlaneProcess process, Thread hook, PrintStream out) {
    this.options = options;
    this.process = process;
    this.hook = hook;
    this.out = out;
  }

  /** Starts the service's jar; does not wait for it to be healthy. */
  static HarnessService start(HarnessOptions options, Path work, PrintStream out)
      throws IOException {
    out.println("[service] starting " + options.jar());
    ControlPlaneProcess process =
        ControlPlaneProcess.start(
            options.java(), options.jar(), options.serviceJvmArgs(), options.serviceArgs(), work);
    Thread hook = new Thread(process::stop, "stop-control-plane");
    Runtime.getRuntime().addShutdownHook(hook);
    return new HarnessService(options, process, hook, out);
  }

  ControlPlaneProcess process() {
    return process;
  }

  /**
   * Waits until the service is healthy ({@code --startup-timeout-s}), records how long that took in
   * {@code node} ({@code startup_to_healthy_ms}) and says so.
   *
   * @param nameLog whether the line names the service's log file
   */
  Duration awaitHealthy(ObjectNode node, boolean nameLog) throws InterruptedException {
    Duration startup = process.awaitHealthy(http, options.startupTimeout());
    node.put("startup_to_healthy_ms", startup.toMillis());
    out.printf(
        Locale.ROOT,
        "[service] healthy after %.1f s on %s (pid %d%s)%n",
        startup.toMillis() / 1000.0,
        process.baseUri(),
        process.pid(),
        nameLog ? ", log " + process.logFile() : "");
    return startup;
  }

  /** A client of the API as the bootstrap admin. */
  ControlPlaneClient client(ObjectMapper json) {
    return new ControlPlaneClient(http, json, process.baseUri(), process.adminKey());
  }

  /**
   * Stops the service (see {@link ControlPlaneProcess#stop()}) and says how.
   *
   * @return what had to be done, for the JSON result
   */
  String stop() {
    String stopped = process.stop();
    out.println("[service] " + stopped);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook stops nothing twice
    }
    return stopped;
  }
}
