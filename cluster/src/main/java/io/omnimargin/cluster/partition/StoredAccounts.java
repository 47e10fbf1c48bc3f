package io.omnimargin.cluster.partition;

import io.omnimargin.margin.contagion.RiskMonitor;
import io.omnimargin.margin.engine.AccountSnapshot;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.ValuedAccount;
import io.omnimargin.protocol.types.Address;
import java.util.List;

/**
 * What the risk monitor scans on a partitioned ledger, whose market engine holds no accounts: every
 * partition's accounts as stored, read in one script (accounts only), valued at the market engine's
 * prices, each shard of a system account counted as the clearing house's own; one account as the
 * margin book reads it (its writer's engine here, else the store). Legs in flight are not counted:
 * an exposure measured while a trade's second leg travels misses that leg's side until it lands.
 */
public final class StoredAccounts implements RiskMonitor.Accounts {
  private final PartitionStore store;
  private final int partitions;
  private final SystemShards shards;
  private final MarginEngine market;
  private final MarginBook book;

  public StoredAccounts(
      PartitionStore store,
      int partitions,
      SystemShards shards,
      MarginEngine market,
      MarginBook book) {
    this.store = store;
    this.partitions = partitions;
    this.shards = shards;
    this.market = market;
    this.book = book;
  }

  @Override
  public List<ValuedAccount> valuedAccounts() {
    return market.valuedAccounts(store.accounts(partitions), shards::isSystem);
  }

  @Override
  public AccountSnapshot snapshot(Address owner) {
    return book.snapshot(owner);
  }
}
