package io.omnimargin.hub.intent;

import java.util.EnumSet;
import java.util.Set;

/** Where an intent is in its life. Terminal statuses never change again. */
public enum IntentStatus {
  OPEN,
  AUCTIONING,
  AWARDED,
  FILLED,
  EXPIRED,
  CANCELLED,
  REJECTED,
  FAILED;

  /** Statuses in which the user can still cancel and the open-deadline can still expire it. */
  public static final Set<IntentStatus> NOT_YET_TAKEN = EnumSet.of(OPEN, AUCTIONING);

  /** Statuses that count against a user's cap of open intents. */
  public static final Set<IntentStatus> LIVE = EnumSet.of(OPEN, AUCTIONING, AWARDED);

  public boolean isLive() {
    return LIVE.contains(this);
  }

  public boolean isTerminal() {
    return !isLive();
  }
}
