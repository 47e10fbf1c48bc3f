package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.FundingMeter;
import io.omnimargin.margin.clearing.FundingTerms;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The funding clock of a partitioned ledger. Each partition meters the fills booked on it; at each
 * interval's end the clock closes the interval on every partition ({@link
 * PartitionCommand.CloseFunding}), and once every partition has closed it, prices the fills of all
 * of them against the interval's average index, keeps that decision in the store (the first one
 * kept stands), and settles it on every partition ({@link PartitionCommand.SettleFunding}). It
 * keeps nothing of its own: each tick reads the partitions' funding books, so a clock that takes
 * over from one that died finishes what that one started at the rate it decided, and commands
 * produced twice change nothing twice. Intervals are finished in order, one market at a time; a
 * clock that was down over several interval ends closes the last one, whose fills are all those
 * since the previous close. Not thread-safe: one clock thread.
 */
public final class PartitionFundingClock {
  private static final long RESEND_SECONDS = 5;
  // how long after an interval's end its average index may be missing before the index now stands
  // in for it: a clock that restarted has no prices of the interval
  private static final long AVERAGE_GRACE_SECONDS = 600;

  /** The index funding is priced with: an interval's average, and the index now (wad USD). */
  public interface FundingIndex {
    Optional<BigInteger> average(String market, long from, long to);

    Optional<BigInteger> now(String market);
  }

  /** An interval decided by this clock: the fills of all partitions and what they came to. */
  public record Decided(
      String market, long intervalEnd, FillSums fills, PartitionStore.FundingDecision decision) {}

  private final int partitions;
  private final List<String> markets;
  private final FundingTerms terms;
  private final PartitionStore store;
  private final FundingIndex index;
  private final Consumer<PartitionCommand> produce;
  private final Map<PartitionCommand, Long> sentAt = new HashMap<>();

  public PartitionFundingClock(
      int partitions,
      List<String> markets,
      FundingTerms terms,
      PartitionStore store,
      FundingIndex index,
      Consumer<PartitionCommand> produce) {
    this.partitions = partitions;
    this.markets = List.copyOf(markets);
    this.terms = terms;
    this.store = store;
    this.index = index;
    this.produce = produce;
  }

  /**
   * Moves every market's unfinished intervals on as far as the partitions allow at {@code now}
   * (epoch seconds), producing what they still need.
   *
   * @return the intervals this tick decided
   */
  public List<Decided> tick(long now) {
    sentAt.values().removeIf(at -> now - at > 10 * RESEND_SECONDS);
    List<Map<String, String>> books = store.fundingBooks(partitions);
    long lastEnd = Math.floorDiv(now, terms.intervalSeconds()) * terms.intervalSeconds();
    List<Decided> decided = new ArrayList<>();
    for (String market : markets) {
      TreeSet<Long> ends = new TreeSet<>();
      ends.add(lastEnd);
      for (Map<String, String> book : books) {
        for (String field : book.keySet()) {
          OptionalLong end = FundingFields.closedEnd(field, market);
          end.ifPresent(ends::add);
        }
      }
      for (long end : ends) {
        if (!advance(books, market, end, now, decided)) {
          break; // later intervals wait for this one
        }
      }
    }
    return decided;
  }

  /** One interval of a market moved on; answers whether every partition has settled it. */
  private boolean advance(
      List<Map<String, String>> books, String market, long end, long now, List<Decided> decided) {
    Optional<PartitionStore.FundingDecision> decision = store.decided(market, end);
    if (decision.isEmpty()) {
      FillSums fills = FillSums.ZERO;
      boolean allClosed = true;
      for (int p = 0; p < partitions; p++) {
        FillSums closed = FundingFields.closedSums(books.get(p), market, end);
        if (closed == null) {
          allClosed = false;
          send(new PartitionCommand.CloseFunding(p, market, end), now);
        } else {
          fills = fills.plus(closed);
        }
      }
      if (!allClosed) {
        return false;
      }
      Optional<BigInteger> current = index.now(market);
      Optional<BigInteger> average = index.average(market, end - terms.intervalSeconds(), end);
      if (average.isEmpty() && now - end > AVERAGE_GRACE_SECONDS) {
        average = current; // the interval's prices are gone (a clock restarted): the index now
      }
      if (average.isEmpty() || current.isEmpty()) {
        return false; // settled once the index is fresh, as in one process
      }
      BigInteger rate = FundingMeter.rate(fills.size(), fills.value(), average.get(), terms.cap());
      PartitionStore.FundingDecision proposed =
          new PartitionStore.FundingDecision(current.get(), rate);
      decision = Optional.of(store.decideFunding(market, end, proposed));
      if (decision.get().equals(proposed)) { // another clock's decision is not this one's
        decided.add(new Decided(market, end, fills, proposed));
      }
    }
    boolean settled = true;
    for (int p = 0; p < partitions; p++) {
      if (!books.get(p).containsKey(FundingFields.settled(market, end))) {
        settled = false;
        send(
            new PartitionCommand.SettleFunding(
                p, market, end, decision.get().index(), decision.get().rate()),
            now);
      }
    }
    return settled;
  }

  /** Produces the command unless it was produced in the last few seconds. */
  private void send(PartitionCommand command, long now) {
    Long at = sentAt.get(command);
    if (at == null || now - at >= RESEND_SECONDS) {
      sentAt.put(command, now);
      produce.accept(command);
    }
  }
}
