package io.omnimargin.hub.history;

import io.omnimargin.protocol.types.Address;
import java.util.List;

/**
 * Where each account's history is kept, bounded: an implementation keeps at least the newest {@link
 * #PER_ACCOUNT} entries of every account and may drop older ones. A durable implementation keeps
 * them across a restart.
 */
public interface AccountHistoryStore {
  /** How many entries of one account a store keeps at least. */
  int PER_ACCOUNT = 50;

  void append(HistoryEntry entry);

  /** Appends several entries, in order; a durable store writes them in one transaction. */
  default void appendAll(List<HistoryEntry> entries) {
    entries.forEach(this::append);
  }

  /** The account's entries, newest first (in the order appended), at most {@code limit}. */
  List<HistoryEntry> of(Address owner, int limit);
}
