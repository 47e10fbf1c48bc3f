package io.omnimargin.hub.settlement;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Seizures sent to a vault and not yet proven, by the settlement key of their {@code Seized} event:
 * whose debt each one pays and how much (USD, wad). The {@link SeizureDesk} records one before it
 * relays the authorisation and takes it when settlement proves the event; a durable implementation
 * lets a seizure proven after a restart still pay the account's debt.
 */
public interface PendingSeizures {

  /** A seizure on its way: once proven it credits {@code usd} to {@code owner}'s cash. */
  record Pending(String eventKey, Address owner, BigInteger usd) {}

  void put(Pending seizure);

  /** Removes and answers the pending seizure with this key, if any (at most once per key). */
  Optional<Pending> take(String eventKey);

  /** Whether a seizure of {@code owner}'s collateral is on its way (one debt is seized once). */
  boolean pendingFor(Address owner);
}
