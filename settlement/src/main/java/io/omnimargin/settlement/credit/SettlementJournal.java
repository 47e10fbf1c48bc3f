package io.omnimargin.settlement.credit;

import java.util.Optional;

/**
 * What settlement has done, kept across restarts: per vault the next block to scan, per event key
 * its outcome. An event key with an outcome is never applied again.
 */
public interface SettlementJournal {
  /** The next block to scan for a vault; {@code fallback} if never scanned. */
  long cursor(String vaultKey, long fallback);

  void advance(String vaultKey, long next);

  /** The recorded outcome of an event ({@code credited@block}, or a refusal code). */
  Optional<String> outcome(String eventKey);

  /** Records an outcome; answers false if the event already had one (nothing is overwritten). */
  boolean record(String eventKey, String outcome);
}
