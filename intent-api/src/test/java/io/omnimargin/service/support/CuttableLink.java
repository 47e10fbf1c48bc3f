package io.omnimargin.service.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder in front of the hub, so that a test can cut a client's network: {@link #cut()}
 * drops every connection through it and refuses new ones until {@link #restore()}.
 */
public final class CuttableLink implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean down;

  public CuttableLink(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "cuttable-link");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The hub's base URL through this link. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
  }

  public void cut() {
    down = true;
    sockets.forEach(CuttableLink::quietly);
    sockets.clear();
  }

  public void restore() {
    down = false;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (down) {
          quietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        // closed, or the hub refused: the client sees its connection fail
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side went: close both
              } finally {
                quietly(from);
                quietly(to);
              }
            },
            "cuttable-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void quietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    server.close();
  }
}
