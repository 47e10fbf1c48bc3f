package io.omnimargin.settlement.credit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A journal for tests and a process that keeps nothing. */
public final class InMemorySettlementJournal implements SettlementJournal {
  private final Map<String, Long> cursors = new ConcurrentHashMap<>();
  private final Map<String, String> outcomes = new ConcurrentHashMap<>();

  @Override
  public long cursor(String vaultKey, long fallback) {
    return cursors.getOrDefault(vaultKey, fallback);
  }

  @Override
  public void advance(String vaultKey, long next) {
    cursors.put(vaultKey, next);
  }

  @Override
  public Optional<String> outcome(String eventKey) {
    return Optional.ofNullable(outcomes.get(eventKey));
  }

  @Override
  public boolean record(String eventKey, String outcome) {
    return outcomes.putIfAbsent(eventKey, outcome) == null;
  }
}
