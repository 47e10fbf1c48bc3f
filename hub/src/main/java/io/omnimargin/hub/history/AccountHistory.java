package io.omnimargin.hub.history;

import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.Health;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the explorer shows of accounts' past: each account's history (credits and fills, funding
 * payments, calls, deleverage steps, liquidations) kept in an {@link AccountHistoryStore}, and the
 * latest calls, deleverage steps and liquidations of all accounts for the overview, in memory. A
 * healthy account's {@code Valued} event is its own change (a credit, a fill; ticks do not publish
 * it) and is kept; an unhealthy one's is published on every tick and is not.
 */
public final class AccountHistory implements Consumer<MarginEvent> {
  private final AccountHistoryStore store;
  private final int latestCapacity;
  private final Deque<HistoryEntry> latest = new ArrayDeque<>();

  public AccountHistory(AccountHistoryStore store, int latestCapacity) {
    this.store = store;
    this.latestCapacity = latestCapacity;
  }

  @Override
  public void accept(MarginEvent event) {
    HistoryEntry entry = entry(event);
    if (entry == null) {
      return;
    }
    store.append(entry);
    if (!(event instanceof MarginEvent.Valued)) {
      synchronized (latest) {
        latest.addFirst(entry);
        while (latest.size() > latestCapacity) {
          latest.removeLast();
        }
      }
    }
  }

  /** Every payment of a funding settlement goes into its account's history. */
  public void funded(FundingSettlement settlement) {
    String cause = "funding " + settlement.market() + " at rate " + Wad.format(settlement.rate());
    for (FundingSettlement.Payment p : settlement.payments()) {
      store.append(
          new HistoryEntry(
              settlement.at(),
              p.owner(),
              "Funding " + settlement.market(),
              Wad.format(p.received()),
              null,
              null,
              cause));
    }
  }

  /** The latest calls, deleverage steps and liquidations of every account, newest first. */
  public List<HistoryEntry> latest() {
    synchronized (latest) {
      return List.copyOf(latest);
    }
  }

  /** The account's history, newest first, at most {@code limit}. */
  public List<HistoryEntry> of(Address owner, int limit) {
    return store.of(owner, limit);
  }

  private static HistoryEntry entry(MarginEvent event) {
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

  private static HistoryEntry of(
      MarginEvent e, String kind, BigInteger avMaintenance, BigInteger mmr, String cause) {
    return new HistoryEntry(
        e.at(),
        e.owner(),
        kind,
        null,
        avMaintenance == null ? null : Wad.format(avMaintenance),
        mmr == null ? null : Wad.format(mmr),
        cause);
  }
}
