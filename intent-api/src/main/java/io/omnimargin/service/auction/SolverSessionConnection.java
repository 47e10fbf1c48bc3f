package io.omnimargin.service.auction;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.omnimargin.auction.book.PlacedBid;
import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.auction.SolverFeed;
import io.omnimargin.hub.clearing.LiquidationDesk;
import io.omnimargin.hub.intake.SignatureCheck;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverSession;
import io.omnimargin.protocol.session.MalformedMessage;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.web.ProblemMappers;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One solver's session socket. Every text frame holds one or more JSON messages separated by {@code
 * \n}, both ways, so that either side may batch what it has ready into one frame.
 *
 * <ul>
 *   <li>The hub opens with {@code {"type":"challenge","challenge":"0x…"}} (32 random bytes).
 *   <li>The solver answers {@code {"type":"hello","solver","signature","after"}}: an EIP-712 {@code
 *       SolverSession(solver, challenge)} signed by a registered solver in good standing; {@code
 *       after} resumes the feed after that event (-1: from now). The hub answers {@code welcome},
 *       then sends every {@code auction} and {@code quote} event and the solver's {@code award}s,
 *       as the SSE stream does.
 *   <li>Then the solver sends {@code bid} ({@code {"bid":{…},"signature"}}, as over HTTP), {@code
 *       decline} ({@code {"orderId"}}) and {@code fill} ({@code {"fill":{…},"signature"}}).
 *       Accepted bids are not answered; refused ones get {@code bid-rejected} with the reason; a
 *       fill gets {@code fill-result}; anything malformed gets {@code error} with a problem code.
 *   <li>On a {@code liquidation} event the solver may send {@code liquidation-bid} ({@code
 *       {"bid":{…},"signature"}}, as over HTTP); a refused one gets {@code
 *       liquidation-bid-rejected} with the problem code as its reason.
 * </ul>
 *
 * A session without a hello after 10 s, one that leaves more than {@code
 * omnimargin.auction.session-max-unread} (20,000) messages unread, or one that sends a frame or
 * message over 256 KiB ({@code quarkus.http.websocket-server.*}) is told why and closed (1008); the
 * solver reconnects and resumes with {@code after}.
 */
final class SolverSessionConnection {
  private static final Logger LOG = Logger.getLogger(SolverSessionConnection.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  static final long HELLO_WITHIN_MILLIS = 10_000;
  private static final String TOO_LARGE = "frames and messages are limited to 256 KiB";

  private final ServerWebSocket ws;
  private final Context context;
  private final AuctionHouse house;
  private final LiquidationDesk liquidations;
  private final SolverFeed feed;
  private final Eip712Domain domain;
  private final SessionCodec codec;
  private final SignatureCheck signatures;
  private final Executor inbound;
  private final boolean offLoop;
  private final Vertx vertx;
  private final int maxUnread;
  private final Bytes32 challenge;

  /** Until the follower relaying this session says it is ready (read on the event loop). */
  private boolean relayHeld;

  private final Queue<String> outbound = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unread = new AtomicInteger();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final FrameJoiner frames;
  private volatile Address solver;
  private volatile Runnable disconnect;
  private volatile boolean closed;

  SolverSessionConnection(
      ServerWebSocket ws,
      AuctionHouse house,
      LiquidationDesk liquidations,
      SolverFeed feed,
      Eip712Domain domain,
      SessionCodec codec,
      SignatureRecovery recovery,
      Executor inbound,
      boolean offLoop,
      Vertx vertx,
      int maxUnread,
      int maxMessageBytes) {
    this.ws = ws;
    this.frames = new FrameJoiner(maxMessageBytes);
    this.context = vertx.getOrCreateContext();
    this.house = house;
    this.liquidations = liquidations;
    this.feed = feed;
    this.domain = domain;
    this.codec = codec;
    this.signatures = new SignatureCheck(recovery);
    this.inbound = inbound;
    this.offLoop = offLoop;
    this.vertx = vertx;
    this.maxUnread = maxUnread;
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    this.challenge = Bytes32.wrap(random);
  }

  /**
   * Opens the session: the challenge now, or, on a follower's held relay, once the follower says
   * {@link io.omnimargin.service.cluster.ClusterPeers#RELAY_READY} (its first message, nothing else
   * is taken before it).
   */
  void start(boolean relayHeld) {
    this.relayHeld = relayHeld;
    ws.frameHandler(
        frame ->
            frames
                .add(frame)
                .ifPresent(
                    joined -> {
                      if (joined instanceof FrameJoiner.Joined.Text text) {
                        text(text.text());
                      } else if (joined instanceof FrameJoiner.Joined.TooLarge) {
                        refuse(ProblemCode.PAYLOAD_TOO_LARGE, TOO_LARGE);
                      } else if (joined instanceof FrameJoiner.Joined.NotUtf8) {
                        failConnection(WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
                      } else {
                        refuse(ProblemCode.MALFORMED_JSON, "text frames only");
                      }
                    }));
    ws.closeHandler(v -> ended());
    ws.exceptionHandler(this::failed);
    if (!relayHeld) {
      send(new SessionMessage.Challenge(challenge));
    }
    vertx.setTimer(
        HELLO_WITHIN_MILLIS,
        id -> {
          if (solver == null && !closed) {
            refuse(ProblemCode.HELLO_REQUIRED, "no hello within 10 s");
          }
        });
  }

  private void text(String text) {
    if (closed) {
      return;
    }
    if (relayHeld) {
      relayHeld = false;
      if (io.omnimargin.service.cluster.ClusterPeers.RELAY_READY.equals(text)) {
        send(new SessionMessage.Challenge(challenge));
      } else {
        refuse(ProblemCode.HELLO_REQUIRED, "a held relay begins with relay-ready");
      }
      return;
    }
    if (solver == null || offLoop) {
      inbound.execute(() -> handle(text, false)); // the hello first, whatever follows it
    } else {
      handle(text, true);
    }
  }

  /**
   * What Vert.x reports about the socket. A single frame over 256 KiB, or one the protocol forbids,
   * fails the frame decoder, after which Vert.x closes the connection as soon as this returns, so
   * the answer is written now rather than queued. (A message over 256 KiB made of several frames is
   * {@link FrameJoiner}'s to refuse.)
   */
  private void failed(Throwable e) {
    LOG.debugf("session %s: %s", solver, e.getMessage());
    if (closed) {
      return;
    }
    if (e instanceof CorruptedWebSocketFrameException corrupt
        && corrupt.closeStatus().equals(WebSocketCloseStatus.MESSAGE_TOO_BIG)) {
      outbound.clear();
      ws.writeTextMessage(
          codec.encode(
              new SessionMessage.Error(
                  ProblemCode.PAYLOAD_TOO_LARGE.code(), TOO_LARGE, null, null)));
      ws.close((short) 1008, ProblemCode.PAYLOAD_TOO_LARGE.code());
      ended();
    } else if (e instanceof CorruptedWebSocketFrameException corrupt) {
      // a frame RFC 6455 forbids (a reserved opcode, unmasked, a control frame too long)
      failConnection(corrupt.closeStatus());
    }
  }

  /** Fails the connection with the protocol's own code, rather than dropping it without a word. */
  private void failConnection(WebSocketCloseStatus status) {
    outbound.clear();
    ws.close((short) status.code(), status.reasonText());
    ended();
  }

  /**
   * Bids and declines are placed where the frame is read (on the event loop once the session is
   * open: no signature is checked for them, and the award runs on the pool); hellos and fills,
   * which recover a signature, go to this session's serial queue on the pool.
   */
  private void handle(String frame, boolean onLoop) {
    for (String line : SessionCodec.lines(frame)) {
      if (closed) {
        return;
      }
      SessionMessage m;
      try {
        JsonNode node = codec.parse(line);
        if (solver == null && !"hello".equals(node.path("type").asText())) {
          refuse(ProblemCode.HELLO_REQUIRED, "send hello (the signed challenge) first");
          return;
        }
        m = codec.read(node);
      } catch (MalformedMessage e) {
        Refusal refused = ProblemMappers.refusal(e);
        if (solver == null
            && (e.kind() == MalformedMessage.Kind.BAD_SIGNATURE
                || e.kind() == MalformedMessage.Kind.HIGH_S)) {
          // a hello whose signature cannot even be read proves no key: as one that does not recover
          refuse(refused.code(), refused.getMessage());
          return;
        }
        error(refused, e.orderId());
        continue;
      }
      if (onLoop
          && (m instanceof SessionMessage.Fill
              || m instanceof SessionMessage.Hello
              || m instanceof SessionMessage.TakeoverBid)) {
        inbound.execute(() -> dispatch(m));
        continue;
      }
      dispatch(m);
    }
  }

  private void dispatch(SessionMessage m) {
    try {
      if (m instanceof SessionMessage.Hello hello) {
        hello(hello);
      } else if (solver == null) {
        refuse(ProblemCode.HELLO_REQUIRED, "send hello (the signed challenge) first");
      } else if (m instanceof SessionMessage.Bid bid) {
        bid(bid);
      } else if (m instanceof SessionMessage.Decline decline) {
        house.decline(decline.orderId(), solver);
      } else if (m instanceof SessionMessage.Fill fill) {
        fill(fill);
      } else if (m instanceof SessionMessage.TakeoverBid takeover) {
        takeover(takeover);
      } else {
        throw new Refusal(ProblemCode.INVALID_FIELD, "unknown message type: " + m.type(), "type");
      }
    } catch (Refusal e) {
      error(e, orderOf(m));
    } catch (RuntimeException e) {
      LOG.errorf(e, "session %s: message failed", solver);
      error(new Refusal(ProblemCode.INTERNAL_ERROR, "the message failed"), null);
    }
  }

  private static String orderOf(SessionMessage m) {
    if (m instanceof SessionMessage.Bid bid) {
      return bid.bid().orderId().toHex();
    } else if (m instanceof SessionMessage.Fill fill) {
      return fill.fill().orderId().toHex();
    } else if (m instanceof SessionMessage.Decline decline) {
      return decline.orderId().toHex();
    }
    return null;
  }

  private void hello(SessionMessage.Hello m) {
    if (solver != null) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "hello was already said", "type");
    }
    Address claimed = m.solver();
    Address signer;
    try {
      signer =
          signatures.recover(new SolverSession(claimed, challenge).digest(domain), m.signature());
    } catch (Refusal e) {
      refuse(e.code(), e.getMessage());
      return;
    }
    if (!claimed.equals(signer)) {
      refuse(ProblemCode.BAD_SIGNATURE, "the hello is not SolverSession(solver, challenge) signed");
      return;
    }
    Optional<?> refused = house.registry().apply(claimed);
    if (refused.isPresent()) {
      refuse(
          ProblemCode.REGISTRATION_REFUSED,
          claimed + " is not a registered solver in good standing (" + refused.get() + ")");
      return;
    }
    solver = claimed;
    // the welcome says where the feed starts, before any replayed event: a solver that has seen
    // no event yet can resume from there after a reconnect
    disconnect =
        feed.connect(
            claimed,
            m.after(),
            from -> send(new SessionMessage.Welcome(claimed, from)),
            e -> send(feed.json(e)));
    LOG.infof("solver session open: %s (after %d)", claimed, m.after());
  }

  private void bid(SessionMessage.Bid m) {
    SolverBid bid = m.bid();
    PlacedBid placed =
        house
            .bidFromSession(solver, bid.orderId(), bid, m.signature())
            .orElseThrow(
                () -> new Refusal(ProblemCode.NOT_FOUND, "no auction for " + bid.orderId()));
    if (placed.rejected() != null) {
      send(new SessionMessage.BidRejected(bid.orderId(), placed.rejected().code()));
    }
  }

  /** A liquidation bid; its signature is checked at once (liquidations are rare). */
  private void takeover(SessionMessage.TakeoverBid m) {
    try {
      liquidations.bidFromSession(solver, m.bid(), m.signature());
    } catch (Refusal e) {
      send(new SessionMessage.LiquidationBidRejected(m.bid().liquidationId(), e.code().code()));
    }
  }

  private void fill(SessionMessage.Fill m) {
    // a signature from which no key recovers is refused (bad-signature) by the house
    CompletionStage<AuctionHouse.FillOutcome> outcome = house.fill(m.fill(), m.signature());
    OrderId id = m.fill().orderId();
    // answered when the margin engine has the fill; the session goes on meanwhile
    outcome.whenComplete(
        (o, failure) -> {
          try {
            if (failure != null) {
              throw new Refusal(ProblemCode.INTERNAL_ERROR, "the fill failed");
            }
            send(new SessionMessage.FillResult(id, AuctionResource.answer(o).get("outcome")));
          } catch (Refusal e) {
            error(e, id.toHex());
          }
        });
  }

  private void error(Refusal e, String orderId) {
    send(
        new SessionMessage.Error(e.code().code(), e.getMessage(), e.field().orElse(null), orderId));
  }

  /** Tells the solver why, then closes the session (policy violation). */
  private void refuse(ProblemCode code, String detail) {
    error(new Refusal(code, detail), null);
    context.runOnContext(
        v -> {
          if (!ws.isClosed()) {
            // the last words go out even past a full write queue: the close follows them
            while (writeFrame()) {
              // until the queue is empty
            }
            ws.close((short) 1008, code.code());
          }
        });
    ended();
  }

  private void ended() {
    closed = true;
    Runnable d = disconnect;
    disconnect = null;
    if (d != null) {
      d.run();
      LOG.infof("solver session closed: %s", solver);
    }
  }

  private void send(SessionMessage m) {
    send(codec.encode(m));
  }

  /**
   * Queues a message; the queue is written as one frame on the socket's event loop, so whatever
   * piles up meanwhile goes out together. A solver that stops reading is cut off, not buffered
   * without end.
   */
  private void send(String json) {
    if (closed) {
      return;
    }
    if (unread.incrementAndGet() > maxUnread) {
      outbound.clear();
      unread.set(0);
      refuse(ProblemCode.SESSION_TOO_SLOW, "more than " + maxUnread + " messages unread");
      return;
    }
    outbound.add(json);
    if (flushScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> flush());
    }
  }

  private void flush() {
    flushScheduled.set(false);
    if (ws.isClosed()) {
      outbound.clear();
      return;
    }
    if (ws.writeQueueFull()) {
      // the socket has not taken the last frames yet: try again once it drains
      if (flushScheduled.compareAndSet(false, true)) {
        ws.drainHandler(v -> flush());
      }
      return;
    }
    writeFrame();
    if (!outbound.isEmpty() && flushScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> flush());
    }
  }

  /** Writes what is queued, up to about 60,000 characters, as one frame; false if none was. */
  private boolean writeFrame() {
    StringBuilder frame = new StringBuilder(256);
    String m;
    int n = 0;
    while ((m = outbound.poll()) != null) {
      if (n++ > 0) {
        frame.append('\n');
      }
      frame.append(m);
      if (frame.length() > 60_000) {
        break; // frames stay well under the client's limits; the rest goes next
      }
    }
    unread.addAndGet(-n);
    if (n > 0) {
      ws.writeTextMessage(frame.toString());
    }
    return n > 0;
  }
}
