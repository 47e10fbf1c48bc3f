package io.omnimargin.service.store;

import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.store.embedded.DataDirectory;
import io.omnimargin.store.embedded.EmbeddedDatabase;
import io.omnimargin.store.embedded.EmbeddedStorage;
import io.quarkus.runtime.PreventFurtherStepsException;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Opens the embedded store when {@code omnimargin.store=embedded}: the intent, ledger, journal,
 * front and seizure producers take their stores from it. Opened once, on first use, and closed
 * (releasing the directory's lock) when the service stops. A directory held by another process
 * stops start-up with one line naming it and the holder's pid.
 */
@Singleton
public class EmbeddedStorageBeans {
  private static final Logger LOG = Logger.getLogger(EmbeddedStorageBeans.class);

  @Produces
  @Singleton
  EmbeddedStorage embeddedStorage(OmnimarginConfig config) {
    EmbeddedDatabase.Sync sync =
        config.dataSync() == OmnimarginConfig.DataSync.FULL
            ? EmbeddedDatabase.Sync.FULL
            : EmbeddedDatabase.Sync.NORMAL;
    try {
      EmbeddedStorage storage = EmbeddedStorage.open(Path.of(config.dataDir()), sync);
      LOG.infof(
          "Store: embedded (SQLite) in %s, commits %s",
          storage.directory(),
          sync == EmbeddedDatabase.Sync.FULL ? "forced to disk" : "left to the OS to flush");
      return storage;
    } catch (DataDirectory.DataDirectoryInUse e) {
      // One line, no stack trace: the operator's mistake, not the service's.
      String message =
          "omnimargin.data-dir: "
              + e.getMessage()
              + "; stop that process or set another omnimargin.data-dir";
      LOG.error(message);
      Quarkus.asyncExit(1);
      throw new PreventFurtherStepsException(message, 1);
    }
  }

  void close(@Disposes EmbeddedStorage storage) {
    storage.close();
  }
}
