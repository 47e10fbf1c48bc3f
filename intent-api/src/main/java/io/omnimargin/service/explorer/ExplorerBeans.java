package io.omnimargin.service.explorer;

import io.omnimargin.service.margin.AccountEventHub;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The explorer's one stateful piece: the margin history it remembers from start-up on. */
@Singleton
public class ExplorerBeans {
  @Produces
  @Singleton
  MarginHistory marginHistory(AccountEventHub events) {
    MarginHistory history = new MarginHistory(50, 20, 10_000);
    events.listen(history);
    return history;
  }

  // created at start, not at the first page view, so that no event before it is missed
  void start(@Observes StartupEvent start, MarginHistory history) {}
}
