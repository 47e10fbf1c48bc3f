package io.omnimargin.service.auction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.auction.book.PlacedBid;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverSession;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Queue;
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
 * </ul>
 *
 * A session without a hello after 10 s, one that leaves more than {@code
 * omnimargin.auction.session-max-unread} (20,000) messages unread, or one that sends a frame over
 * 256 KiB is closed; the solver reconnects and resumes with {@code after}.
 */
final class SolverSessionConnection {
  private static final Logger LOG = Logger.getLogger(SolverSessionConnection.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  static final long HELLO_WITHIN_MILLIS = 10_000;

  private final ServerWebSocket ws;
  private final Context context;
  private final AuctionHouse house;
  private final SolverFeed feed;
  private final Eip712Domain domain;
  private final Executor inbound;
  private final Vertx vertx;
  private final int maxUnread;
  private final Bytes32 challenge;
  private final Queue<String> outbound = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unread = new AtomicInteger();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private volatile Address solver;
  private volatile Runnable disconnect;
  private volatile boolean closed;

  SolverSessionConnection(
      ServerWebSocket ws,
      AuctionHouse house,
      SolverFeed feed,
      Eip712Domain domain,
      Executor inbound,
      Vertx vertx,
      int maxUnread) {
    this.ws = ws;
    this.context = vertx.getOrCreateContext();
    this.house = house;
    this.feed = feed;
    this.domain = domain;
    this.inbound = inbound;
    this.vertx = vertx;
    this.maxUnread = maxUnread;
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    this.challenge = Bytes32.wrap(random);
  }

  void start() {
    ws.textMessageHandler(
        text -> {
          if (solver == null) {
            inbound.execute(() -> handle(text, false)); // the hello first, whatever follows it
          } else {
            handle(text, true);
          }
        });
    ws.binaryMessageHandler(buffer -> refuse(ProblemCode.MALFORMED_JSON, "text frames only"));
    ws.closeHandler(v -> ended());
    ws.exceptionHandler(
        e -> {
          LOG.debugf("session %s: %s", solver, e.getMessage());
          // Vert.x drops a message over its WebSocket limit (256 KiB) with this, keeping the socket
          if (e instanceof IllegalStateException && !closed) {
            refuse(ProblemCode.PAYLOAD_TOO_LARGE, "frames are limited to 256 KiB");
          }
        });
    ObjectNode hi = message("challenge");
    hi.put("challenge", challenge.toHex());
    send(hi);
    vertx.setTimer(
        HELLO_WITHIN_MILLIS,
        id -> {
          if (solver == null && !closed) {
            refuse(ProblemCode.HELLO_REQUIRED, "no hello within 10 s");
          }
        });
  }

  /**
   * Bids and declines are placed where the frame is read (on the event loop once the session is
   * open: no signature is checked for them, and the award runs on the pool); hellos and fills,
   * which recover a signature, go to this session's serial queue on the pool.
   */
  private void handle(String frame, boolean onLoop) {
    for (String line : frame.split("\n")) {
      if (closed) {
        return;
      }
      if (line.isBlank()) {
        continue;
      }
      JsonNode m;
      try {
        m = Bodies.parse(line);
      } catch (Refusal e) {
        error(e, null);
        continue;
      }
      String type = m.path("type").asText();
      if (onLoop && ("fill".equals(type) || "hello".equals(type))) {
        JsonNode message = m;
        inbound.execute(() -> dispatch(message, type));
        continue;
      }
      dispatch(m, type);
    }
  }

  private void dispatch(JsonNode m, String type) {
    try {
      if ("hello".equals(type)) {
        hello(m);
      } else if (solver == null) {
        refuse(ProblemCode.HELLO_REQUIRED, "send hello (the signed challenge) first");
      } else {
        switch (type) {
          case "bid" -> bid(m);
          case "decline" -> house.decline(Bodies.orderId(m, "orderId", "orderId"), solver);
          case "fill" -> fill(m);
          default ->
              throw new Refusal(ProblemCode.INVALID_FIELD, "unknown message type: " + type, "type");
        }
      }
    } catch (Refusal e) {
      error(e, m.path("bid").path("orderId").asText(m.path("orderId").asText(null)));
    } catch (RuntimeException e) {
      LOG.errorf(e, "session %s: message failed", solver);
      error(new Refusal(ProblemCode.INTERNAL_ERROR, "the message failed"), null);
    }
  }

  private void hello(JsonNode m) {
    if (solver != null) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "hello was already said", "type");
    }
    Address claimed = Bodies.address(m, "solver", "solver");
    io.omnimargin.protocol.crypto.Signature signature = Bodies.signature(m);
    Address signer;
    try {
      signer =
          Secp256k1Provider.recovery()
              .recover(new SolverSession(claimed, challenge).digest(domain), signature);
    } catch (RuntimeException e) {
      signer = null;
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
    long after = m.path("after").asLong(-1);
    solver = claimed;
    // the welcome says where the feed starts, before any replayed event: a solver that has seen
    // no event yet can resume from there after a reconnect
    disconnect =
        feed.connect(
            claimed,
            after,
            from -> {
              ObjectNode welcome = message("welcome");
              welcome.put("solver", claimed.toChecksumHex());
              welcome.put("after", from);
              send(welcome);
            },
            e -> send(feed.json(e)));
    LOG.debugf("session open: %s (after %d)", claimed, after);
  }

  private void bid(JsonNode m) {
    SolverBid bid = Bodies.solverBid(m);
    PlacedBid placed =
        house
            .bidFromSession(solver, bid.orderId(), bid, Bodies.signature(m))
            .orElseThrow(
                () -> new Refusal(ProblemCode.NOT_FOUND, "no auction for " + bid.orderId()));
    if (placed.rejected() != null) {
      ObjectNode r = message("bid-rejected");
      r.put("orderId", bid.orderId().toHex());
      r.put("reason", placed.rejected().code());
      send(r);
    }
  }

  private void fill(JsonNode m) {
    FillReport report = Bodies.fillReport(m);
    io.omnimargin.protocol.crypto.Signature signature = Bodies.signature(m);
    java.util.concurrent.CompletionStage<AuctionHouse.FillOutcome> outcome;
    try {
      outcome = house.fill(report, signature);
    } catch (RuntimeException e) {
      throw new Refusal(ProblemCode.BAD_SIGNATURE, "the signature does not recover", "signature");
    }
    OrderId id = report.orderId();
    // answered when the margin engine has the fill; the session goes on meanwhile
    outcome.whenComplete(
        (o, failure) -> {
          try {
            if (failure != null) {
              throw new Refusal(ProblemCode.INTERNAL_ERROR, "the fill failed");
            }
            ObjectNode r = message("fill-result");
            r.put("orderId", id.toHex());
            r.put("outcome", AuctionResource.answer(o).get("outcome"));
            send(r);
          } catch (Refusal e) {
            error(e, id.toHex());
          }
        });
  }

  private void error(Refusal e, String orderId) {
    ObjectNode r = message("error");
    r.put("code", e.code().code());
    r.put("detail", e.getMessage());
    e.field().ifPresent(f -> r.put("field", f));
    if (orderId != null) {
      r.put("orderId", orderId);
    }
    send(r);
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
      LOG.debugf("session closed: %s", solver);
    }
  }

  private static ObjectNode message(String type) {
    ObjectNode m = JSON.createObjectNode();
    m.put("type", type);
    return m;
  }

  private void send(ObjectNode m) {
    send(m.toString());
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
