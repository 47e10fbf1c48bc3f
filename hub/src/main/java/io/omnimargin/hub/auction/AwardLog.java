package io.omnimargin.hub.auction;

import io.omnimargin.protocol.types.OrderId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The awards not yet filled, kept where a successor finds them: in a cluster, a replica that takes
 * the auctions over from a dead one restores each award it finds here (the winner may still fill
 * it) instead of failing the intent, with the bids ranked behind it (a fade or a pass there awards
 * the next of them, as the owner would have). Written before the winner is told, and again at each
 * award that passes to another bid; forgotten once the auction ends.
 */
public interface AwardLog {

  /** Keeps {@code award} for {@code id}, replacing the one kept before (an award passed on). */
  void awarded(OrderId id, AwardRecord award);

  Optional<AwardRecord> find(OrderId id);

  void forget(OrderId id);

  /**
   * The intents whose awards are kept now: what a successor restores before it serves, without
   * reading every live intent first. A kept award whose intent has finished may be among them.
   */
  Set<OrderId> kept();

  /** Awards in this process's memory: what a restart of one process has today (none kept). */
  static AwardLog inMemory() {
    Map<OrderId, AwardRecord> awards = new ConcurrentHashMap<>();
    return new AwardLog() {
      @Override
      public void awarded(OrderId id, AwardRecord award) {
        awards.put(id, award);
      }

      @Override
      public Optional<AwardRecord> find(OrderId id) {
        return Optional.ofNullable(awards.get(id));
      }

      @Override
      public void forget(OrderId id) {
        awards.remove(id);
      }

      @Override
      public Set<OrderId> kept() {
        return Set.copyOf(awards.keySet());
      }
    };
  }
}
