package io.omnimargin.hub.intent;

import io.omnimargin.protocol.types.OrderId;

/** What the store did with an intent offered for acceptance. */
public sealed interface AcceptOutcome {

  /** Stored for the first time; the nonce is now spent. */
  record Accepted(Intent intent) implements AcceptOutcome {}

  /** The same order id was already stored: nothing changed (idempotent resubmission). */
  record Duplicate(Intent existing) implements AcceptOutcome {}

  /** Another order already holds this (user, nonce). */
  record NonceReused(OrderId holder) implements AcceptOutcome {}

  /** The user already has the maximum number of live intents. */
  record TooManyOpen(int live) implements AcceptOutcome {}
}
