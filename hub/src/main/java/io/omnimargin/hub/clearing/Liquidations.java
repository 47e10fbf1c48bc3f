package io.omnimargin.hub.clearing;

import io.omnimargin.protocol.types.Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The liquidations this process has run, newest last, bounded: past {@link #KEPT} the oldest is
 * forgotten (an auction still running goes on; only its record is gone). In memory only: a restart
 * forgets them, as it forgets the engine's open liquidations.
 */
final class Liquidations {
  /** How many liquidations are kept for {@code GET /v1/liquidations/{id}} and the listings. */
  static final int KEPT = 10_000;

  private final Map<Long, LiquidationAuction> byId =
      new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, LiquidationAuction> eldest) {
          return size() > KEPT;
        }
      };

  synchronized void add(LiquidationAuction auction) {
    byId.put(auction.id(), auction);
  }

  synchronized Optional<LiquidationAuction> find(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The account's liquidations, newest first, at most {@code limit}. */
  List<LiquidationAuction> of(Address account, int limit) {
    return newest(limit, a -> a.account().equals(account));
  }

  /** Every account's liquidations, newest first, at most {@code limit}. */
  List<LiquidationAuction> recent(int limit) {
    return newest(limit, a -> true);
  }

  private List<LiquidationAuction> newest(int limit, Predicate<LiquidationAuction> which) {
    List<LiquidationAuction> all;
    synchronized (this) {
      all = new ArrayList<>(byId.values());
    }
    List<LiquidationAuction> found = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && found.size() < limit; i--) {
      if (which.test(all.get(i))) {
        found.add(all.get(i));
      }
    }
    return found;
  }
}
