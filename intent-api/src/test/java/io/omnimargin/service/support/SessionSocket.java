package io.omnimargin.service.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.SolverSession;
import io.omnimargin.protocol.types.Bytes32;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare solver session socket for tests (the JDK WebSocket client): every JSON message the hub
 * sends lands in a queue; frames are sent as given.
 */
public final class SessionSocket implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket ws;
  private volatile JsonNode welcome;

  private SessionSocket(URI uri, java.util.Map<String, String> headers) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    headers.forEach(builder::header);
    this.ws = builder.buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Opens a socket on the test server, without saying hello. */
  public static SessionSocket open(int port) {
    return open(port, java.util.Map.of());
  }

  /** Opens a socket with these handshake headers, without saying hello. */
  public static SessionSocket open(int port, java.util.Map<String, String> headers) {
    return new SessionSocket(URI.create("ws://localhost:" + port + "/v1/solvers/session"), headers);
  }

  /** Opens a socket and says a hello signed by {@code solver}; answers once welcomed. */
  public static SessionSocket hello(int port, PrivateKey solver, long after) {
    SessionSocket s = open(port);
    JsonNode challenge = s.next("challenge");
    s.send(
        helloMessage(solver, solver, Bytes32.fromHex(challenge.get("challenge").asText()), after));
    s.welcome = s.next("welcome");
    return s;
  }

  /** The hub's welcome, after {@link #hello}. */
  public JsonNode welcome() {
    return welcome;
  }

  public static String helloMessage(
      PrivateKey signer, PrivateKey solver, Bytes32 challenge, long after) {
    String sig =
        signer.sign(new SolverSession(solver.address(), challenge).digest(Wallet.DOMAIN)).toHex();
    return "{\"type\":\"hello\",\"solver\":\""
        + solver.address().toChecksumHex()
        + "\",\"signature\":\""
        + sig
        + "\",\"after\":"
        + after
        + "}";
  }

  public synchronized void send(String frame) {
    ws.sendText(frame, true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** The next message of {@code type}, skipping others; fails after 10 s. */
  public JsonNode next(String type) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      while (System.nanoTime() < deadline) {
        JsonNode m = received.poll(100, TimeUnit.MILLISECONDS);
        if (m != null && type.equals(m.path("type").asText())) {
          return m;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no " + type + " message within 10 s");
  }

  /** Whether no message of {@code type} arrives within {@code millis}. */
  public boolean none(String type, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      JsonNode m = received.poll(left, TimeUnit.NANOSECONDS);
      if (m != null && type.equals(m.path("type").asText())) {
        return false;
      }
    }
    return true;
  }

  /** The close code the hub sent, waiting up to 10 s. */
  public int closeCode() {
    return closed.orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    ws.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        for (String line : partial.toString().split("\n")) {
          try {
            received.add(JSON.readTree(line));
          } catch (java.io.IOException e) {
            throw new IllegalStateException("hub sent non-JSON: " + line, e);
          }
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
