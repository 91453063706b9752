package io.envprov.controlplane.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a real server that counts the connections made through it: registering a
 * database server at the relay's port makes every login of the service to that server countable,
 * whatever the driver does inside the connection.
 */
final class CountingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final AtomicInteger connections = new AtomicInteger();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "counting-proxy");
            thread.setDaemon(true);
            return thread;
          });

  private CountingProxy(ServerSocket listener, String targetHost, int targetPort) {
    this.listener = listener;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  static CountingProxy start(String targetHost, int targetPort) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    CountingProxy proxy = new CountingProxy(listener, targetHost, targetPort);
    proxy.threads.execute(proxy::accept);
    return proxy;
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  int connections() {
    return connections.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        Socket upstream = new Socket(targetHost, targetPort);
        threads.execute(() -> pipe(client, upstream));
        threads.execute(() -> pipe(upstream, client));
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side went away
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }
}
