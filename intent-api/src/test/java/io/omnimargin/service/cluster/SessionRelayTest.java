package io.omnimargin.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A follower's relay of a solver session, over real sockets: an "owner" as the hub is on a held
 * relay, a relay in front of it, a solver behind (the JDK's client, whose listener hears every
 * frame from the first). A CI run lost the owner's challenge when it reached the relay before the
 * solver's side was joined, and the SDK waited for it forever; the owner now speaks only once the
 * relay says it is ready.
 */
class SessionRelayTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void whatTheOwnerSaysBeforeTheSolversSideIsUpgradedStillReachesTheSolver() throws Exception {
    int owner = listen(owner());
    // the solver's side is upgraded well after the owner's challenge has arrived
    int relay = relay(owner, 300);

    Solver solver = Solver.connect(relay);
    BlockingQueue<String> heard = solver.heard;

    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("challenge");
    solver.send("hello");
    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("heard hello");
  }

  @Test
  void aRelayOfARelayPassesTheFirstRelaysReadyOn() throws Exception {
    int owner = listen(owner());
    // a replica that stopped owning relays the follower's relay on to the new owner
    int second = relay(owner, 0, true);
    int first = relay(second, 300, false);

    Solver solver = Solver.connect(first);
    BlockingQueue<String> heard = solver.heard;

    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("challenge");
    solver.send("hello");
    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("heard hello");
    assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).as("one ready, one challenge").isNull();
  }

  @Test
  void theOwnerClosingClosesTheSolversSide() throws Exception {
    int owner =
        listen(
            socketServer(
                ws ->
                    ws.textMessageHandler(
                        text -> {
                          if (!ClusterPeers.RELAY_READY.equals(text)) {
                            ws.close((short) 4000, text);
                          }
                        })));
    int relay = relay(owner, 0);

    Solver solver = Solver.connect(relay);
    solver.send("bye");

    assertThat(solver.closed.poll(5, TimeUnit.SECONDS)).isEqualTo(4000);
  }

  /**
   * A follower's relay as {@code OwnerForwarding} builds it: the request is held (as the router
   * holds it) while the owner's socket opens, then the solver's side is upgraded after {@code
   * upgradeAfterMillis}.
   */
  private int relay(int owner, long upgradeAfterMillis) throws Exception {
    return relay(owner, upgradeAfterMillis, false);
  }

  private int relay(int owner, long upgradeAfterMillis, boolean readyFromBehind) throws Exception {
    HttpClient toOwner = vertx.createHttpClient();
    return listen(
        vertx
            .createHttpServer()
            .requestHandler(
                in -> {
                  in.pause();
                  toOwner
                      .webSocket(owner, "127.0.0.1", "/")
                      .onSuccess(
                          up ->
                              SessionRelay.join(
                                  up,
                                  () -> later(upgradeAfterMillis, in::toWebSocket),
                                  readyFromBehind));
                }));
  }

  /**
   * As the owner on a held relay: silent until the relay says it is ready, then its challenge, then
   * an answer to every message.
   */
  private HttpServer owner() {
    return socketServer(
        ws ->
            ws.textMessageHandler(
                text ->
                    ws.writeTextMessage(
                        ClusterPeers.RELAY_READY.equals(text) ? "challenge" : "heard " + text)));
  }

  /**
   * Upgrades every request, as the hub's router does. (Once a Quarkus test has run in this JVM, a
   * plain Vert.x server's own WebSocket handler is not called, and Vert.x does not know its own
   * event-loop threads: the future's listeners then run in a later task, which is how this test
   * found that a pause in them came too late.)
   */
  private HttpServer socketServer(java.util.function.Consumer<ServerWebSocket> session) {
    return vertx
        .createHttpServer()
        .requestHandler(req -> req.toWebSocket().onSuccess(session::accept));
  }

  private <T> Future<T> later(long millis, java.util.function.Supplier<Future<T>> then) {
    if (millis == 0) {
      return then.get();
    }
    Promise<T> result = Promise.promise();
    vertx.setTimer(millis, t -> then.get().onComplete(result));
    return result.future();
  }

  private static int listen(HttpServer server) throws Exception {
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The solver's side: the JDK's WebSocket, whose listener is there before the first frame. */
  private static final class Solver implements java.net.http.WebSocket.Listener {
    final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private java.net.http.WebSocket ws;

    static Solver connect(int port) throws Exception {
      Solver solver = new Solver();
      solver.ws =
          java.net.http.HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/"), solver)
              .get(10, TimeUnit.SECONDS);
      return solver;
    }

    void send(String text) {
      ws.sendText(text, true).join();
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onText(
        java.net.http.WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        heard.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onClose(
        java.net.http.WebSocket socket, int statusCode, String reason) {
      closed.add(statusCode);
      return null;
    }
  }
}
