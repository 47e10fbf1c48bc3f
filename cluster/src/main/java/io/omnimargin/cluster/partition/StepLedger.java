package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.protocol.types.Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The ledger store a partition's engine sees: it loads the partition as its owner loaded it, and
 * its saves are gathered into the step under way instead of written, so that the step's commit
 * carries them (the partition store writes them, fenced, with the offset). The engine may also save
 * from another thread (price ticks): such saves join the next commit. A save of an account the
 * partition does not hold is refused: committed, it would give that account a second writer.
 */
final class StepLedger implements LedgerStore {
  private final Collection<Account> loaded;
  private final Predicate<Address> here;
  private Map<Address, Account> saved = new HashMap<>();
  private volatile Address poisoned;

  StepLedger(Collection<Account> loaded, Predicate<Address> here) {
    this.loaded = List.copyOf(loaded);
    this.here = here;
  }

  @Override
  public synchronized void save(Account account) {
    saveAll(List.of(account));
  }

  /**
   * One operation's accounts together: never split between two commits, and none of them kept if
   * one is another partition's (the partition is then poisoned: its owner must stop writing it).
   */
  @Override
  public synchronized void saveAll(Collection<Account> accounts) {
    for (Account account : accounts) {
      if (!here.test(account.owner())) {
        poisoned = account.owner();
        throw new PartitionLedger.ForeignAccount(account.owner());
      }
    }
    accounts.forEach(a -> saved.put(a.owner(), a));
  }

  /** The account of another partition the engine changed, if it ever did. */
  java.util.Optional<Address> poisoned() {
    return java.util.Optional.ofNullable(poisoned);
  }

  @Override
  public Collection<Account> loadAll() {
    return loaded;
  }

  /**
   * The accounts saved since the last call, the last save of each: a command's, and those the
   * engine changed between commands (a price tick that re-valued an account into a liquidation).
   */
  synchronized Map<Address, Account> takeSaved() {
    Map<Address, Account> step = saved;
    saved = new HashMap<>();
    return step;
  }
}
