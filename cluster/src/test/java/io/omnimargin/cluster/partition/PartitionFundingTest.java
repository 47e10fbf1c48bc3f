package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Funding settled partition by partition, at the rate and index decided for the whole ledger, pays
 * every account what one engine over the whole ledger pays it; each partition's fee pool shard
 * books that partition's difference, and the shards add up to the one engine's residue, so no wei
 * is made or lost. A settlement produced twice to a partition is applied once.
 */
class PartitionFundingTest {

  @Property(tries = 100)
  void fundingSettledPerPartitionPaysWhatTheWholeLedgerPays(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int partitions) {
    Random random = new Random(seed);
    // no prices on either side: positions without collateral are not liquidated meanwhile
    PartitionedCluster cluster = PartitionedCluster.unpriced(partitions);
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 12);
    for (int i = 0; i < 60; i++) {
      Trade trade = TwoStepTradeHistory.trade(random, accounts);
      cluster.produce(
          cluster.partitioner.of(trade.taker()), new PartitionCommand.BookTrade("t" + i, trade));
    }
    cluster.drain();
    // one engine over the whole ledger as the partitions hold it (the order legs were booked in
    // moves cash between accounts, so the whole is read from them, not booked again)
    List<Account> before = new ArrayList<>();
    cluster.all().forEach(state -> before.addAll(state.accounts().values()));
    MarginEngine whole =
        new MarginEngine(
            new Valuator(RiskConfig.defaults()),
            () -> ReservationHistory.NOW,
            event -> {},
            new Loaded(before));
    BigInteger shardsBefore = feePoolShards(cluster);

    // a rate either way, as large as the cap allows, and an index with wei in it
    BigInteger rate =
        BigInteger.valueOf(random.nextInt(2_000_001) - 1_000_000)
            .multiply(BigInteger.valueOf(1_000_000_000L));
    BigInteger index =
        Wad.of("2999.123456789012345678").add(BigInteger.valueOf(random.nextInt(1000)));
    FundingSettlement expected = whole.settleFunding("ETH-PERP", index, rate);
    for (int p = 0; p < partitions; p++) {
      PartitionCommand settle =
          new PartitionCommand.SettleFunding(p, "ETH-PERP", 1_800_003_600L, index, rate);
      cluster.produce(p, new PartitionCommand.CloseFunding(p, "ETH-PERP", 1_800_003_600L));
      cluster.produce(p, settle);
      if (random.nextBoolean()) {
        cluster.produce(p, settle); // a new funding clock produced it again
      }
    }
    cluster.drain();

    for (PartitionState state : cluster.all()) {
      for (Account a : state.accounts().values()) {
        if (!cluster.shards.isFeePool(a.owner())) {
          assertThat(a).as("%s", a.owner()).isEqualTo(whole.snapshot(a.owner()).account());
        }
      }
    }
    assertThat(expected.residue().signum()).isNotNegative();
    assertThat(feePoolShards(cluster).subtract(shardsBefore))
        .as("the fee pool's shards receive the whole ledger's residue between them")
        .isEqualTo(expected.residue());
    assertThat(cluster.summary().imbalance()).isZero();
  }

  private static BigInteger feePoolShards(PartitionedCluster cluster) {
    BigInteger sum = BigInteger.ZERO;
    for (PartitionState state : cluster.all()) {
      for (Account a : state.accounts().values()) {
        if (cluster.shards.isFeePool(a.owner())) {
          sum = sum.add(a.cash());
        }
      }
    }
    return sum;
  }

  /** A ledger store that loads the given accounts and keeps nothing. */
  private record Loaded(List<Account> accounts) implements LedgerStore {
    @Override
    public void save(Account account) {}

    @Override
    public Collection<Account> loadAll() {
      return accounts;
    }
  }
}
