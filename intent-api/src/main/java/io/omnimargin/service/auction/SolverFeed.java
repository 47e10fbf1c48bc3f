package io.omnimargin.service.auction;

import io.omnimargin.protocol.types.Address;
import jakarta.inject.Singleton;
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
@Singleton
public class SolverFeed {
  private static final int KEPT = 10_000;

  /** One event; {@code to} is null for a broadcast. */
  public record Event(
      long seq,
      String type,
      String orderId,
      String market,
      String side,
      String size,
      String limitPrice,
      String maxFee,
      long closesAt,
      long fillDeadline,
      String price,
      String fee,
      String to) {}

  private final Deque<Event> recent = new ArrayDeque<>();
  private final Map<Address, Set<Consumer<Event>>> listeners = new ConcurrentHashMap<>();
  private long seq;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private Event lastWritten;
  private String lastJson;

  /** Publishes an event (assigning its number) to all, or to {@code to} only. */
  public synchronized void publish(Event template, Address to) {
    Event e =
        new Event(
            ++seq,
            template.type(),
            template.orderId(),
            template.market(),
            template.side(),
            template.size(),
            template.limitPrice(),
            template.maxFee(),
            template.closesAt(),
            template.fillDeadline(),
            template.price(),
            template.fee(),
            to == null ? null : to.toChecksumHex());
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
  }

  /**
   * Connects a solver: replays what it missed after {@code after}, then streams; the returned
   * handle disconnects. Holding the feed's lock across both means nothing falls between them.
   */
  public Runnable connect(Address solver, long after, Consumer<Event> listener) {
    return connect(solver, after, from -> {}, listener);
  }

  /**
   * As {@link #connect(Address, long, Consumer)}, first telling {@code started} where the stream
   * begins: {@code after}, or for {@code after < 0} ("from now") the latest event's number, from
   * which a solver that has seen nothing yet can resume later.
   */
  public synchronized Runnable connect(
      Address solver,
      long after,
      java.util.function.LongConsumer started,
      Consumer<Event> listener) {
    started.accept(after < 0 ? seq : after);
    for (Event e : after < 0 ? List.<Event>of() : recent) { // after < 0: from now on
      if (e.seq() > after && (e.to() == null || e.to().equals(solver.toChecksumHex()))) {
        listener.accept(e);
      }
    }
    listeners.computeIfAbsent(solver, s -> ConcurrentHashMap.newKeySet()).add(listener);
    return () ->
        listeners.computeIfPresent(
            solver,
            (s, set) -> {
              set.remove(listener);
              return set.isEmpty() ? null : set;
            });
  }

  /**
   * The event as JSON, written once however many sessions send it: listeners call this while the
   * feed delivers, so the last event written is nearly always the one asked for.
   */
  public synchronized String json(Event e) {
    if (e != lastWritten) {
      try {
        lastJson = JSON.writeValueAsString(e);
      } catch (com.fasterxml.jackson.core.JsonProcessingException failure) {
        throw new IllegalStateException(failure);
      }
      lastWritten = e;
    }
    return lastJson;
  }

  /** Solvers with at least one open stream. */
  public List<Address> connected() {
    return new ArrayList<>(listeners.keySet());
  }
}
