package io.omnimargin.hub.history;

import io.omnimargin.protocol.types.Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Histories in memory: the newest {@link #PER_ACCOUNT} entries of each of the {@code maxAccounts}
 * most recently active accounts. A restart forgets them.
 */
public final class InMemoryAccountHistoryStore implements AccountHistoryStore {
  private final Map<Address, Deque<HistoryEntry>> accounts;

  public InMemoryAccountHistoryStore(int maxAccounts) {
    this.accounts =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Address, Deque<HistoryEntry>> eldest) {
            return size() > maxAccounts;
          }
        };
  }

  @Override
  public synchronized void append(HistoryEntry entry) {
    Deque<HistoryEntry> entries = accounts.computeIfAbsent(entry.owner(), k -> new ArrayDeque<>());
    entries.addFirst(entry);
    while (entries.size() > PER_ACCOUNT) {
      entries.removeLast();
    }
  }

  @Override
  public synchronized List<HistoryEntry> of(Address owner, int limit) {
    Deque<HistoryEntry> entries = accounts.get(owner);
    if (entries == null) {
      return List.of();
    }
    List<HistoryEntry> out = new ArrayList<>(Math.min(limit, entries.size()));
    for (HistoryEntry e : entries) {
      if (out.size() == limit) {
        break;
      }
      out.add(e);
    }
    return out;
  }
}
