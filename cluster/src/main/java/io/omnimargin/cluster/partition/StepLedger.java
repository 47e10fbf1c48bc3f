package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.protocol.types.Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger store a partition's engine sees: it loads the partition as its owner loaded it, and
 * its saves are gathered into the step under way instead of written, so that the step's commit
 * carries them (the partition store writes them, fenced, with the offset).
 */
final class StepLedger implements LedgerStore {
  private final Collection<Account> loaded;
  private Map<Address, Account> saved = new HashMap<>();

  StepLedger(Collection<Account> loaded) {
    this.loaded = List.copyOf(loaded);
  }

  @Override
  public void save(Account account) {
    saved.put(account.owner(), account);
  }

  @Override
  public Collection<Account> loadAll() {
    return loaded;
  }

  /** The accounts saved since the last call, the last save of each. */
  Map<Address, Account> takeSaved() {
    Map<Address, Account> step = saved;
    saved = new HashMap<>();
    return step;
  }
}
