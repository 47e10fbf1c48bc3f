package io.omnimargin.hub.auction;

import io.omnimargin.protocol.types.OrderId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The auctions opened lately, in the order they opened, bounded: past {@code capacity} the oldest
 * is forgotten. In memory only, like the auctions themselves: a restart starts an empty record
 * (intents reopened after it open again here).
 */
final class RecentAuctions {
  private final Map<OrderId, AuctionHouse.Live> opened;

  RecentAuctions(int capacity) {
    this.opened =
        new LinkedHashMap<>(256, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<OrderId, AuctionHouse.Live> eldest) {
            return size() > capacity;
          }
        };
  }

  /** A reopened auction (after a restart) moves to the newest end. */
  synchronized void opened(AuctionHouse.Live live) {
    opened.remove(live.intent.id());
    opened.put(live.intent.id(), live);
  }

  /** The newest first, at most {@code limit}. */
  List<AuctionHouse.Live> newest(int limit) {
    List<AuctionHouse.Live> all;
    synchronized (this) {
      all = new ArrayList<>(opened.values());
    }
    List<AuctionHouse.Live> out = new ArrayList<>(Math.min(limit, all.size()));
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      out.add(all.get(i));
    }
    return out;
  }
}
