package io.omnimargin.hub.auction;

import io.omnimargin.auction.book.AuctionTerms;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage.FeedEvent;
import io.omnimargin.protocol.types.Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What connected solvers hear: every auction as it opens (to all), every award (to its winner).
 * Events carry a sequence number and the most recent 10,000 are kept, so that a solver that
 * reconnects with the last number it saw gets what it missed meanwhile; {@code after = -1} starts
 * from now.
 */
public final class SolverFeed {
  private static final System.Logger LOG = System.getLogger(SolverFeed.class.getName());

  private static final int KEPT = 10_000;

  /** An auction opens: every connected solver hears it. */
  public static FeedEvent auction(AuctionTerms terms, MarketSymbol market) {
    return new FeedEvent(
        0,
        "auction",
        terms.orderId().toHex(),
        market.symbol(),
        terms.side().name(),
        terms.size().toString(),
        terms.limitPrice().toString(),
        terms.maxFee().toString(),
        terms.closesAtMillis(),
        terms.fillDeadlineSeconds(),
        null,
        null,
        null,
        null);
  }

  /** The winner hears its award at the price and fee it bid. */
  public static FeedEvent award(AuctionTerms terms, MarketSymbol market, SolverBid bid) {
    return new FeedEvent(
        0,
        "award",
        terms.orderId().toHex(),
        market.symbol(),
        terms.side().name(),
        terms.size().toString(),
        terms.limitPrice().toString(),
        terms.maxFee().toString(),
        terms.closesAtMillis(),
        terms.fillDeadlineSeconds(),
        bid.price().toBigInteger().toString(),
        bid.fee().toBigInteger().toString(),
        null,
        null);
  }

  /** A quote request, answered until {@code untilMillis}. */
  public static FeedEvent quote(
      String quoteId, String market, boolean buy, String size, long untilMillis) {
    return new FeedEvent(
        0,
        "quote",
        quoteId,
        market,
        buy ? "BUY" : "SELL",
        size,
        null,
        null,
        untilMillis,
        0,
        null,
        null,
        null,
        null);
  }

  private final Deque<FeedEvent> recent = new ArrayDeque<>();
  private final Map<Address, Set<Consumer<FeedEvent>>> listeners = new ConcurrentHashMap<>();
  private long seq;
  private final SessionCodec codec;

  /**
   * @param codec writes each event once for all the sessions that send it
   */
  public SolverFeed(SessionCodec codec) {
    this.codec = codec;
  }

  private final List<Consumer<Connection>> connections =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private FeedEvent lastWritten;
  private String lastJson;

  /**
   * Numbers the next events from above {@code floor}: a replica that takes the auctions over from
   * another starts past every number that one gave out, so a solver that resumes with the last
   * number it saw there is sent everything this feed publishes.
   */
  public synchronized void advanceTo(long floor) {
    seq = Math.max(seq, floor);
  }

  /**
   * Publishes an event (assigning its number) to all, or to {@code to} only; answers its number.
   */
  public synchronized long publish(FeedEvent template, Address to) {
    FeedEvent e = template.numbered(++seq, to);
    recent.addLast(e);
    if (recent.size() > KEPT) {
      recent.removeFirst();
    }
    listeners.forEach(
        (solver, set) -> {
          if (to == null || to.equals(solver)) {
            set.forEach(l -> l.accept(e));
          }
        });
    return e.seq();
  }

  /**
   * A solver's stream just opened: it is sent the events numbered above {@code from} that the feed
   * still kept ({@code oldestKept} on), then every event published after {@code now}.
   */
  public record Connection(Address solver, long from, long oldestKept, long now) {
    /** Whether the event numbered {@code seq} reaches this stream. */
    public boolean hears(long seq) {
      return seq > from && (seq >= oldestKept || seq > now);
    }
  }

  /**
   * Connects a solver: replays what it missed after {@code after}, then streams; the returned
   * handle disconnects. Holding the feed's lock across both means nothing falls between them.
   */
  public Runnable connect(Address solver, long after, Consumer<FeedEvent> listener) {
    return connect(solver, after, from -> {}, listener);
  }

  /**
   * As {@link #connect(Address, long, Consumer)}, first telling {@code started} where the stream
   * begins: {@code after}, or for {@code after < 0} ("from now") the latest event's number, from
   * which a solver that has seen nothing yet can resume later.
   */
  public Runnable connect(
      Address solver,
      long after,
      java.util.function.LongConsumer started,
      Consumer<FeedEvent> listener) {
    Connection opened = attach(solver, after, started, listener);
    for (Consumer<Connection> observer : connections) { // outside the feed's lock
      try {
        observer.accept(opened);
      } catch (RuntimeException e) {
        // the stream is open and its handle must reach the caller, whatever an observer does
        LOG.log(System.Logger.Level.WARNING, "a stream observer failed for " + solver, e);
      }
    }
    return () ->
        listeners.computeIfPresent(
            solver,
            (s, set) -> {
              set.remove(listener);
              return set.isEmpty() ? null : set;
            });
  }

  /** Tells {@code observer} of every stream that opens (the auctions its solver may bid in). */
  public void onConnect(Consumer<Connection> observer) {
    connections.add(observer);
  }

  /** Replays what the stream missed and adds it, under the feed's lock; answers what it hears. */
  private synchronized Connection attach(
      Address solver,
      long after,
      java.util.function.LongConsumer started,
      Consumer<FeedEvent> listener) {
    long from = after < 0 ? seq : after;
    started.accept(from);
    for (FeedEvent e : after < 0 ? List.<FeedEvent>of() : recent) { // after < 0: from now on
      if (e.seq() > after && (e.to() == null || e.to().equals(solver.toChecksumHex()))) {
        listener.accept(e);
      }
    }
    listeners.computeIfAbsent(solver, s -> ConcurrentHashMap.newKeySet()).add(listener);
    return new Connection(solver, from, recent.isEmpty() ? seq + 1 : recent.peekFirst().seq(), seq);
  }

  /**
   * The event as JSON, written once however many sessions send it: listeners call this while the
   * feed delivers, so the last event written is nearly always the one asked for.
   */
  public synchronized String json(FeedEvent e) {
    if (e != lastWritten) {
      lastJson = codec.encode(e);
      lastWritten = e;
    }
    return lastJson;
  }

  /** Solvers with at least one open stream. */
  public List<Address> connected() {
    return new ArrayList<>(listeners.keySet());
  }
}
