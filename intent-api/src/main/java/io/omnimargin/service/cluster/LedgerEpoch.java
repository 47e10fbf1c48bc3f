package io.omnimargin.service.cluster;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The owner epoch this replica writes the ledger under: 0 while it does not own the ledger (its
 * engine then holds no accounts and every write would be refused), the epoch of its take-over
 * after.
 */
@Singleton
public class LedgerEpoch {
  private final AtomicLong epoch = new AtomicLong();

  public long get() {
    return epoch.get();
  }

  public boolean owned() {
    return epoch.get() > 0;
  }

  void set(long value) {
    epoch.set(value);
  }
}
