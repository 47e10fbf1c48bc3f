package io.omnimargin.hub.intent;

import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.OrderData;
import io.omnimargin.protocol.types.OrderId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An accepted intent: the signed order exactly as received, its decoded order data, and its status
 * history (oldest first; the last entry is the current status). {@code sequence} orders a user's
 * intents for pagination and is assigned by the store.
 */
public record Intent(
    OrderId id,
    GaslessCrossChainOrder order,
    OrderData data,
    Signature signature,
    Instant acceptedAt,
    long sequence,
    List<StatusChange> history) {

  public Intent {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("an intent has at least its OPEN entry");
    }
    history = List.copyOf(history);
  }

  /** The reason of every intent's first entry, {@code OPEN}. */
  public static final String ACCEPTED = "accepted";

  /** A freshly accepted intent, before the store assigns its sequence. */
  public static Intent accepted(
      OrderId id, GaslessCrossChainOrder order, OrderData data, Signature signature, Instant at) {
    return new Intent(
        id,
        order,
        data,
        signature,
        at,
        0,
        List.of(new StatusChange(IntentStatus.OPEN, at, ACCEPTED)));
  }

  public IntentStatus status() {
    return history.get(history.size() - 1).status();
  }

  public Intent withSequence(long sequence) {
    return new Intent(id, order, data, signature, acceptedAt, sequence, history);
  }

  public Intent with(StatusChange change) {
    List<StatusChange> next = new ArrayList<>(history);
    next.add(change);
    return new Intent(id, order, data, signature, acceptedAt, sequence, next);
  }
}
