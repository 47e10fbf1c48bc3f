package io.omnimargin.service.explorer;

import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.Health;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the explorer remembers of the margin events since the service started, in memory and
 * bounded: the latest calls, deleverage steps and liquidations of all accounts (for the overview),
 * and each recently active account's latest events (for its page). A healthy account's {@code
 * Valued} event is its own change (a credit, a fill; ticks do not publish it) and is kept; an
 * unhealthy one's is published on every tick and is not.
 */
public final class MarginHistory implements Consumer<MarginEvent> {
  /** One remembered event, amounts as decimal USD. */
  public record Entry(
      long at, String owner, String kind, String avMaintenance, String mmr, String cause) {}

  private final int latestCapacity;
  private final int perAccount;
  private final Deque<Entry> latest = new ArrayDeque<>();
  private final Map<Address, Deque<Entry>> accounts;

  public MarginHistory(int latestCapacity, int perAccount, int maxAccounts) {
    this.latestCapacity = latestCapacity;
    this.perAccount = perAccount;
    this.accounts =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Address, Deque<Entry>> eldest) {
            return size() > maxAccounts;
          }
        };
  }

  @Override
  public synchronized void accept(MarginEvent event) {
    Entry entry = entry(event);
    if (entry == null) {
      return;
    }
    push(accounts.computeIfAbsent(event.owner(), k -> new ArrayDeque<>()), entry, perAccount);
    if (!(event instanceof MarginEvent.Valued)) {
      push(latest, entry, latestCapacity);
    }
  }

  /** The latest calls, deleverage steps and liquidations of every account, newest first. */
  public synchronized List<Entry> latest() {
    return List.copyOf(latest);
  }

  /** The account's latest events, newest first; empty for an account not seen lately. */
  public synchronized List<Entry> of(Address owner) {
    Deque<Entry> entries = accounts.get(owner);
    return entries == null ? List.of() : List.copyOf(entries);
  }

  private static void push(Deque<Entry> entries, Entry entry, int capacity) {
    entries.addFirst(entry);
    while (entries.size() > capacity) {
      entries.removeLast();
    }
  }

  private static Entry entry(MarginEvent event) {
    if (event instanceof MarginEvent.Valued v) {
      return v.health() == Health.HEALTHY
          ? of(v, "Value changed", v.avMaintenance(), v.mmr(), v.cause())
          : null;
    }
    if (event instanceof MarginEvent.MarginCall c) {
      return of(c, "Margin call", c.avMaintenance(), c.mmr(), c.cause());
    }
    if (event instanceof MarginEvent.Deleverage d) {
      return of(d, "Deleverage " + d.market(), d.avMaintenance(), d.mmr(), d.cause());
    }
    if (event instanceof MarginEvent.LiquidationStarted s) {
      return of(s, "Liquidation started", s.avMaintenance(), s.mmr(), s.cause());
    }
    if (event instanceof MarginEvent.LiquidationBlocked b) {
      return of(b, "Liquidation blocked", null, null, b.reason() + "; " + b.cause());
    }
    if (event instanceof MarginEvent.Liquidation l) {
      return of(l, "Liquidation", l.avMaintenance(), l.mmr(), l.cause());
    }
    MarginEvent.Recovered r = (MarginEvent.Recovered) event;
    return of(r, "Recovered", r.avMaintenance(), r.mmr(), r.cause());
  }

  private static Entry of(
      MarginEvent e, String kind, BigInteger avMaintenance, BigInteger mmr, String cause) {
    return new Entry(
        e.at(),
        e.owner().toChecksumHex(),
        kind,
        avMaintenance == null ? null : Wad.format(avMaintenance),
        mmr == null ? null : Wad.format(mmr),
        cause);
  }
}
