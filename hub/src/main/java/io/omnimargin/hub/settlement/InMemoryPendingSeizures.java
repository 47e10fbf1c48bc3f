package io.omnimargin.hub.settlement;

import io.omnimargin.protocol.types.Address;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Pending seizures kept in this process, lost when it stops. */
public final class InMemoryPendingSeizures implements PendingSeizures {
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  @Override
  public void put(Pending seizure) {
    pending.put(seizure.eventKey(), seizure);
  }

  @Override
  public Optional<Pending> take(String eventKey) {
    return Optional.ofNullable(pending.remove(eventKey));
  }

  @Override
  public boolean pendingFor(Address owner) {
    return pending.values().stream().anyMatch(p -> p.owner().equals(owner));
  }
}
