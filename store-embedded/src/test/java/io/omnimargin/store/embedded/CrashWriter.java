package io.omnimargin.store.embedded;

import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.StatusChange;
import java.nio.file.Path;

/**
 * A child process for {@link EmbeddedStorageCrashTest}: writes record after record of every kind
 * and prints {@code ack i} once the i-th set is committed, until it is killed.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) {
    EmbeddedStorage storage = EmbeddedStorage.open(Path.of(args[0]), EmbeddedDatabase.Sync.FULL);
    System.out.println("open");
    System.out.flush();
    for (int i = 0; ; i++) {
      storage.intents().accept(Fixtures.intent(i), 1_000_000);
      if (i % 2 == 1) {
        storage
            .intents()
            .transition(
                Fixtures.intent(i).id(),
                IntentStatus.NOT_YET_TAKEN,
                new StatusChange(IntentStatus.CANCELLED, Fixtures.NOW, "user"));
      }
      storage.ledger().save(Fixtures.account(i));
      storage.journal().record(Fixtures.event(i), "credited@" + i);
      storage.journal().advance("137/vault", i + 1);
      storage.fronts().opened(Fixtures.front(i));
      storage.seizures().put(Fixtures.seizure(i));
      System.out.println("ack " + i);
      System.out.flush();
    }
  }
}
