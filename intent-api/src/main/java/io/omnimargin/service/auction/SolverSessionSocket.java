package io.omnimargin.service.auction;

import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.auction.SolverFeed;
import io.omnimargin.hub.clearing.LiquidationDesk;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.service.web.Problems;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The solvers' session socket, {@code GET /v1/solvers/session} upgraded to a WebSocket: one
 * connection carries what the SSE stream and the bid and fill endpoints carry, with the solver's
 * key proved once when it opens (see {@link SolverSessionConnection} for the messages). A thin
 * Vert.x adapter: the auction rules stay in {@link AuctionHouse}.
 */
@Singleton
public class SolverSessionSocket {
  static final String PATH = "/v1/solvers/session";
  private static final Logger LOG = Logger.getLogger(SolverSessionSocket.class);

  // looked up at the first connection: routes are installed before messaging is wired, and the
  // auction house needs the margin engine's channels
  private final Instance<AuctionHouse> house;
  private final Instance<LiquidationDesk> liquidations;
  private final SolverFeed feed;
  private final Instance<IntakePolicy> policy;
  private final ExecutorService work;
  private final Vertx vertx;
  private final int maxUnread;
  private final SessionCodec codec;
  private final SignatureRecovery recovery;
  private final int maxMessageBytes;
  // With the Redis store, a thread that holds an auction's lock may wait for a Redis reply, which
  // an event loop delivers: an event loop must then never wait for that lock, so every message of
  // a session is handled off the loop (in order). In memory or embedded, bids stay on the loop.
  private final boolean offLoop;
  private final io.omnimargin.service.cluster.ClusterPeers peers;

  SolverSessionSocket(
      SessionCodec codec,
      SignatureRecovery recovery,
      Instance<AuctionHouse> house,
      Instance<LiquidationDesk> liquidations,
      SolverFeed feed,
      Instance<IntakePolicy> policy,
      @Named("intake-verify") ExecutorService work,
      Vertx vertx,
      io.omnimargin.service.cluster.ClusterPeers peers,
      io.omnimargin.service.config.OmnimarginConfig config,
      @ConfigProperty(
              name = "quarkus.http.websocket-server.max-message-size",
              defaultValue = "262144")
          int maxMessageBytes) {
    this.house = house;
    this.liquidations = liquidations;
    this.codec = codec;
    this.recovery = recovery;
    this.feed = feed;
    this.policy = policy;
    this.work = work;
    this.vertx = vertx;
    this.peers = peers;
    this.maxUnread = config.auction().sessionMaxUnread();
    this.maxMessageBytes = maxMessageBytes;
    this.offLoop = config.store() == io.omnimargin.service.config.OmnimarginConfig.StoreKind.REDIS;
  }

  void install(@Observes Router router) {
    // before the REST routes, which would read "session" as a solver's address
    router
        .get(PATH)
        .order(-10)
        .handler(
            ctx -> {
              if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("upgrade"))) {
                ctx.response().putHeader("upgrade", "websocket");
                Problems.end(
                    ctx.response(),
                    ProblemCode.UPGRADE_REQUIRED,
                    "open this path as a WebSocket",
                    Map.of(),
                    PATH);
                return;
              }
              if (!Handshakes.answerable(ctx)) {
                return;
              }
              boolean relayHeld = peers.heldRelay(ctx.request());
              ctx.request()
                  .toWebSocket()
                  .onSuccess(
                      ws ->
                          new SolverSessionConnection(
                                  ws,
                                  house.get(),
                                  liquidations.get(),
                                  feed,
                                  policy.get().domain(),
                                  codec,
                                  recovery,
                                  new SerialExecutor(work),
                                  offLoop,
                                  vertx,
                                  maxUnread,
                                  maxMessageBytes)
                              .start(relayHeld))
                  .onFailure(e -> LOG.debugf("session upgrade failed: %s", e.getMessage()));
            });
  }
}
