package io.omnimargin.hub.intent;

/** Receives every status change after it is stored (acceptance included). Must not block. */
@FunctionalInterface
public interface IntentEvents {
  void statusChanged(Intent intent, StatusChange change);

  IntentEvents NONE = (intent, change) -> {};
}
