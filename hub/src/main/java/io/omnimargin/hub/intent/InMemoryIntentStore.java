package io.omnimargin.hub.intent;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded default: everything in this process's memory, lost on exit. Writes take one lock
 * (critical sections are a few map operations); reads are lock-free.
 */
public final class InMemoryIntentStore implements IntentStore {
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<OrderId, Intent> byId = new ConcurrentHashMap<>();
  private final Map<String, OrderId> nonces = new ConcurrentHashMap<>();
  private final Map<Address, NavigableMap<Long, OrderId>> byUser = new ConcurrentHashMap<>();
  private final Map<Address, Integer> liveCounts = new ConcurrentHashMap<>();
  private final NavigableMap<ExpiryKey, OrderId> expiry = new ConcurrentSkipListMap<>();
  private long sequence;

  private record ExpiryKey(long openDeadline, long sequence) implements Comparable<ExpiryKey> {
    @Override
    public int compareTo(ExpiryKey o) {
      int c = Long.compare(openDeadline, o.openDeadline);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }

  @Override
  public AcceptOutcome accept(Intent intent, int maxLivePerUser) {
    Address user = intent.order().user();
    String nonceKey = user.toLowerHex() + ":" + intent.order().nonce();
    writeLock.lock();
    try {
      Intent existing = byId.get(intent.id());
      if (existing != null) {
        return new AcceptOutcome.Duplicate(existing);
      }
      OrderId holder = nonces.get(nonceKey);
      if (holder != null) {
        return new AcceptOutcome.NonceReused(holder);
      }
      int live = liveCounts.getOrDefault(user, 0);
      if (live >= maxLivePerUser) {
        return new AcceptOutcome.TooManyOpen(live);
      }
      Intent stored = intent.withSequence(++sequence);
      byId.put(stored.id(), stored);
      nonces.put(nonceKey, stored.id());
      byUser
          .computeIfAbsent(user, u -> new ConcurrentSkipListMap<>())
          .put(stored.sequence(), stored.id());
      liveCounts.put(user, live + 1);
      expiry.put(expiryKey(stored), stored.id());
      return new AcceptOutcome.Accepted(stored);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Optional<Intent> find(OrderId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public IntentPage listByUser(
      Address user, Optional<IntentStatus> status, Optional<String> cursor, int limit) {
    NavigableMap<Long, OrderId> all = byUser.getOrDefault(user, new ConcurrentSkipListMap<>());
    NavigableMap<Long, OrderId> older =
        cursor.map(c -> all.headMap(Cursors.parse(c), false)).orElse(all).descendingMap();
    List<Intent> items = new ArrayList<>();
    for (OrderId id : older.values()) {
      Intent intent = byId.get(id);
      if (status.isEmpty() || intent.status() == status.get()) {
        if (items.size() == limit) {
          return new IntentPage(items, Optional.of(Cursors.of(items.get(limit - 1).sequence())));
        }
        items.add(intent);
      }
    }
    return new IntentPage(items, Optional.empty());
  }

  @Override
  public TransitionOutcome transition(OrderId id, Set<IntentStatus> from, StatusChange change) {
    writeLock.lock();
    try {
      Intent current = byId.get(id);
      if (current == null) {
        return new TransitionOutcome.NotFound();
      }
      if (!from.contains(current.status())) {
        return new TransitionOutcome.Refused(current);
      }
      Intent next = current.with(change);
      byId.put(id, next);
      if (current.status().isLive() && !change.status().isLive()) {
        liveCounts.merge(current.order().user(), -1, Integer::sum);
      }
      if (!IntentStatus.NOT_YET_TAKEN.contains(change.status())) {
        expiry.remove(expiryKey(current));
      }
      return new TransitionOutcome.Applied(next);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public List<Intent> live() {
    return byId.values().stream().filter(i -> i.status().isLive()).toList();
  }

  @Override
  public List<OrderId> pastOpenDeadline(long epochSecond, int limit) {
    List<OrderId> due = new ArrayList<>();
    for (var entry : expiry.headMap(new ExpiryKey(epochSecond, 0), false).entrySet()) {
      if (due.size() == limit) {
        break;
      }
      due.add(entry.getValue());
    }
    return due;
  }

  private static ExpiryKey expiryKey(Intent intent) {
    return new ExpiryKey(intent.order().openDeadline(), intent.sequence());
  }
}
