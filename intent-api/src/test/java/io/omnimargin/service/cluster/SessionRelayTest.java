package io.omnimargin.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A follower's relay of a solver session, over real sockets: an "owner" that speaks first, a relay
 * in front of it, a client behind. The CI run that found this lost the owner's challenge when the
 * solver's side was upgraded after it arrived, and the SDK waited for it forever.
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

    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    WebSocket solver = await(vertx.createHttpClient().webSocket(relay, "127.0.0.1", "/"));
    solver.textMessageHandler(heard::add);

    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("challenge");
    solver.writeTextMessage("hello");
    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("heard hello");
  }

  @Test
  void aRelayOfARelayPassesTheFirstRelaysReadyOn() throws Exception {
    int owner = listen(owner());
    // a replica that stopped owning relays the follower's relay on to the new owner
    int second = relay(owner, 0, true);
    int first = relay(second, 300, false);

    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    WebSocket solver = await(vertx.createHttpClient().webSocket(first, "127.0.0.1", "/"));
    solver.textMessageHandler(heard::add);

    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("challenge");
    solver.writeTextMessage("hello");
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

    WebSocket solver = await(vertx.createHttpClient().webSocket(relay, "127.0.0.1", "/"));
    BlockingQueue<Short> closed = new LinkedBlockingQueue<>();
    solver.closeHandler(v -> closed.add(solver.closeStatusCode()));
    solver.writeTextMessage("bye");

    assertThat(closed.poll(5, TimeUnit.SECONDS)).isEqualTo((short) 4000);
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
}
