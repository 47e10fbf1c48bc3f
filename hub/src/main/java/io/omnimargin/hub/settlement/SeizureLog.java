package io.omnimargin.hub.settlement;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seizures this process sent lately and what became of them, for the settlement page, in memory
 * and bounded (the last {@code capacity}). The durable part of a seizure is its {@link
 * PendingSeizures} entry; a restart forgets this record, not the seizure.
 */
public final class SeizureLog {
  /** Where a seizure is: relayed and waiting for its proof, proven, or refused by the chain. */
  public enum State {
    PENDING,
    DONE,
    REFUSED
  }

  /**
   * One seizure: the {@code Seized} event's settlement key, whose collateral, how much of which
   * asset on which chain, its worth (wad USD), why it was taken and where it stands.
   */
  public record Entry(
      String eventKey,
      Address owner,
      long chainId,
      String asset,
      BigInteger units,
      BigInteger usd,
      String reason,
      State state,
      String error) {
    static Entry pending(String key, Address owner, SeizurePlan.Seizure s, String reason) {
      return new Entry(
          key, owner, s.chainId(), s.asset(), s.units(), s.usd(), reason, State.PENDING, null);
    }

    Entry with(State next, String why) {
      return new Entry(eventKey, owner, chainId, asset, units, usd, reason, next, why);
    }
  }

  private final Map<String, Entry> entries;

  public SeizureLog(int capacity) {
    this.entries =
        new LinkedHashMap<>(64, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized void sent(Entry entry) {
    entries.put(entry.eventKey(), entry);
  }

  synchronized void refused(String eventKey, String error) {
    entries.computeIfPresent(eventKey, (k, e) -> e.with(State.REFUSED, error));
  }

  synchronized void proven(String eventKey) {
    entries.computeIfPresent(eventKey, (k, e) -> e.with(State.DONE, null));
  }

  /** The seizures on {@code chainId}, newest first. */
  public synchronized List<Entry> of(long chainId) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.chainId() == chainId) {
        out.add(0, e);
      }
    }
    return out;
  }
}
