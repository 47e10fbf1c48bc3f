package io.omnimargin.service.wiring;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.StatusChange;
import java.util.EnumSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Intents' status changes in the operator's log: awards, fills and what ended an auction without
 * one (rejected at the margin re-check, failed) at INFO with the reason the history records; the
 * rest (accepted, auctioning, cancelled, expired), which come at intake's rate, at DEBUG.
 */
final class StatusLog implements IntentEvents {
  private static final Logger LOG = Logger.getLogger(StatusLog.class);
  private static final Set<IntentStatus> OPERATOR =
      EnumSet.of(
          IntentStatus.AWARDED, IntentStatus.FILLED, IntentStatus.REJECTED, IntentStatus.FAILED);

  @Override
  public void statusChanged(Intent intent, StatusChange change) {
    Logger.Level level =
        OPERATOR.contains(change.status()) ? Logger.Level.INFO : Logger.Level.DEBUG;
    if (LOG.isEnabled(level)) {
      LOG.logf(
          level,
          "intent %s of %s: %s (%s)",
          intent.id().toHex(),
          intent.order().user(),
          change.status(),
          change.reason());
    }
  }
}
