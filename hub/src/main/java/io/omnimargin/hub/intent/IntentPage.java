package io.omnimargin.hub.intent;

import java.util.List;
import java.util.Optional;

/** One page of a user's intents, newest first, and the cursor of the next page if any. */
public record IntentPage(List<Intent> items, Optional<String> nextCursor) {
  public IntentPage {
    items = List.copyOf(items);
  }
}
