package io.envprov.benchmarks;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the service showed per measured environment, beyond the client's latency: the POST, the
 * server's own clock and, read afterwards from each environment's operation, where the server spent
 * its time. The same figures, under the same JSON names, in both provisioning harnesses.
 *
 * @param samples from the client's side, by environment index
 * @param queue operation {@code created_at} to {@code started_at}, ms; empty until read
 * @param execution operation {@code started_at} to {@code finished_at}, ms; empty until read
 * @param retried operations with more than one attempt
 */
record ServiceSamples(
    ApiProvisioner.Sample[] samples, double[] queue, double[] execution, int retried) {

  /** The samples of every environment, before the operations are read. */
  static ServiceSamples of(ApiProvisioner.@Nullable Sample[] samples) {
    for (ApiProvisioner.@Nullable Sample sample : samples) {
      if (sample == null) {
        throw new IllegalStateException("a service environment left no sample");
      }
    }
    @SuppressWarnings("nullness") // checked just above
    ApiProvisioner.Sample[] checked = samples;
    return new ServiceSamples(checked, new double[0], new double[0], 0);
  }

  /** With each environment's queue wait and execution, read from its operation (not timed). */
  ServiceSamples withOperations(ControlPlaneClient client) throws Exception {
    double[] queueMillis = new double[samples.length];
    double[] executionMillis = new double[samples.length];
    int retries = 0;
    for (int i = 0; i < samples.length; i++) {
      JsonNode operation = client.operation(samples[i].operationId());
      OffsetDateTime created = ApiProvisioner.timestamp(operation, "created_at");
      OffsetDateTime begun = ApiProvisioner.timestamp(operation, "started_at");
      OffsetDateTime finished = ApiProvisioner.timestamp(operation, "finished_at");
      queueMillis[i] = ApiProvisioner.millisBetween(created, begun);
      executionMillis[i] = ApiProvisioner.millisBetween(begun, finished);
      if (operation.path("attempts").asInt(1) > 1) {
        retries++;
      }
    }
    return new ServiceSamples(samples, queueMillis, executionMillis, retries);
  }

  LatencyStats post() {
    long[] nanos = new long[samples.length];
    for (int i = 0; i < samples.length; i++) {
      nanos[i] = samples[i].postNanos();
    }
    return LatencyStats.ofNanos(nanos);
  }

  LatencyStats server() {
    double[] millis = new double[samples.length];
    for (int i = 0; i < samples.length; i++) {
      millis[i] = samples[i].serverMillis();
    }
    return LatencyStats.ofMillis(millis);
  }

  /**
   * POST→active minus the server's created→active: request handling before the row exists, plus the
   * lag until a poll sees {@code active}.
   */
  LatencyStats clientMinusServer(long[] latencyNanos) {
    double[] millis = new double[samples.length];
    for (int i = 0; i < samples.length; i++) {
      millis[i] = latencyNanos[i] / 1e6 - samples[i].serverMillis();
    }
    return LatencyStats.ofMillis(millis);
  }

  double meanPolls() {
    double sum = 0;
    for (ApiProvisioner.Sample sample : samples) {
      sum += sample.polls();
    }
    return samples.length == 0 ? 0 : sum / samples.length;
  }

  /** The summaries: POST, server time, queue wait, execution, client - server, polls. */
  void writeTo(ObjectNode node, long[] latencyNanos) {
    post().writeTo(node.putObject("post_response"));
    server().writeTo(node.putObject("server_created_to_active"));
    LatencyStats.ofMillis(queue).writeTo(node.putObject("server_operation_queue_wait"));
    LatencyStats.ofMillis(execution).writeTo(node.putObject("server_operation_execution"));
    clientMinusServer(latencyNanos).writeTo(node.putObject("client_minus_server"));
    node.put("mean_polls_per_environment", LatencyStats.round(meanPolls()));
  }

  /**
   * One row per environment: its latency, POST, server time, queue wait and execution (once read),
   * polls and id.
   */
  void writeRows(ArrayNode rows, long[] latencyNanos, boolean withOperationIds) {
    for (int i = 0; i < samples.length; i++) {
      ObjectNode row = rows.addObject();
      row.put("i", i);
      row.put("latency_ms", LatencyStats.round(latencyNanos[i] / 1e6));
      row.put("post_ms", LatencyStats.round(samples[i].postNanos() / 1e6));
      row.put("server_ms", LatencyStats.round(samples[i].serverMillis()));
      if (queue.length == samples.length) {
        row.put("queue_ms", LatencyStats.round(queue[i]));
        row.put("execution_ms", LatencyStats.round(execution[i]));
      }
      row.put("polls", samples[i].polls());
      row.put("environment_id", samples[i].environmentId());
      if (withOperationIds) {
        row.put("operation_id", samples[i].operationId());
      }
    }
  }

  /** The report's lines of the summaries but polls, each after {@code indent}. */
  void print(PrintStream out, String indent, long[] latencyNanos) {
    out.println(indent + "POST response (202)       " + post().line());
    out.println(indent + "server created -> active  " + server().line());
    out.println(indent + "  operation queue wait    " + LatencyStats.ofMillis(queue).line());
    out.println(indent + "  operation execution     " + LatencyStats.ofMillis(execution).line());
    out.println(indent + "client - server           " + clientMinusServer(latencyNanos).line());
  }
}
