package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.FundingMeter;
import io.omnimargin.margin.clearing.FundingTerms;
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
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The funding clock of a partitioned ledger: every partition is settled once, at one rate priced
 * from the fills of all of them, while owners crash and a second clock (started on another replica
 * with another index) runs beside the first.
 */
class PartitionFundingClockTest {
  private static final long HOUR = 3_600;
  private static final long T1 = 1_800_003_600L; // an interval end: a multiple of the hour
  private static final FundingTerms TERMS = new FundingTerms(HOUR, Wad.of("0.005"));
  private static final List<String> MARKETS = List.of("ETH-PERP", "BTC-PERP");

  @Property(tries = 40)
  void everyPartitionIsSettledOnceAtTheRateOfAllTheirFills(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int partitions) {
    Random random = new Random(seed);
    PartitionedCluster cluster = PartitionedCluster.unpriced(partitions);
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 10);
    // two clocks, as on two replicas, with different views of the index
    List<PartitionFundingClock.Decided> byFirst = new ArrayList<>();
    List<PartitionFundingClock.Decided> bySecond = new ArrayList<>();
    PartitionFundingClock first = clock(cluster, "3000", "3001");
    PartitionFundingClock second = clock(cluster, "2990", "2999");
    for (long end : List.of(T1, T1 + HOUR)) {
      FillSums eth = FillSums.ZERO;
      for (int i = 0; i < 30; i++) {
        Trade trade = TwoStepTradeHistory.trade(random, accounts);
        if (trade.market().equals("ETH-PERP")) {
          eth = eth.plusFill(trade.takerDelta(), trade.price());
        }
        cluster.produce(
            cluster.partitioner.of(trade.taker()),
            new PartitionCommand.BookTrade(end + "/" + i, trade));
        cluster.randomOwnerAction(random);
      }
      cluster.drain();
      MarginEngine whole = wholeLedger(cluster);

      long now = end + 1;
      for (int round = 0; round < 200 && !settledEverywhere(cluster, end); round++) {
        if (random.nextInt(3) == 0) {
          bySecond.addAll(second.tick(now));
        } else {
          byFirst.addAll(first.tick(now));
        }
        now += 1 + random.nextInt(6); // past the resend delay now and then
        cluster.randomOwnerAction(random);
      }
      for (int round = 0; round < 5 && !settledEverywhere(cluster, end); round++) {
        cluster.drain(); // then the owners catch up, and the first clock finishes what is left
        now += 6;
        byFirst.addAll(first.tick(now));
        cluster.drain();
      }
      assertThat(settledEverywhere(cluster, end)).isTrue();

      // the ETH interval was priced from every partition's fills, by the clock that decided it
      PartitionFundingClock.Decided ethDecided = decidedOnce(byFirst, bySecond, "ETH-PERP", end);
      assertThat(ethDecided.fills()).isEqualTo(eth);
      String average = byFirst.contains(ethDecided) ? "3000" : "2990";
      assertThat(cluster.store.decided("ETH-PERP", end).orElseThrow().rate())
          .isEqualTo(FundingMeter.rate(eth.size(), eth.value(), Wad.of(average), TERMS.cap()));
      decidedOnce(byFirst, bySecond, "BTC-PERP", end);
      for (String market : MARKETS) {
        PartitionStore.FundingDecision d = cluster.store.decided(market, end).orElseThrow();
        whole.settleFunding(market, d.index(), d.rate());
        for (Map<String, String> book : cluster.store.fundingBooks(partitions)) {
          assertThat(book.get(FundingFields.settled(market, end)))
              .as("every partition at the one decision")
              .isEqualTo(d.index() + ":" + d.rate());
        }
      }
      for (PartitionState state : cluster.all()) {
        for (Account a : state.accounts().values()) {
          if (!cluster.shards.isFeePool(a.owner())) {
            assertThat(a)
                .as("settled once: %s", a.owner())
                .isEqualTo(whole.snapshot(a.owner()).account());
          }
        }
      }
      assertThat(cluster.summary().imbalance()).isZero();
    }
  }

  /** The one decision of the market's interval, reported by exactly one of the two clocks. */
  private static PartitionFundingClock.Decided decidedOnce(
      List<PartitionFundingClock.Decided> byFirst,
      List<PartitionFundingClock.Decided> bySecond,
      String market,
      long end) {
    List<PartitionFundingClock.Decided> all = new ArrayList<>(byFirst);
    all.addAll(bySecond);
    List<PartitionFundingClock.Decided> these =
        all.stream().filter(d -> d.market().equals(market) && d.intervalEnd() == end).toList();
    assertThat(these).as("%s/%d decided once", market, end).hasSize(1);
    return these.get(0);
  }

  @Test
  void fillsBookedAfterAPartitionsCloseCountInTheNextInterval() {
    PartitionedCluster cluster = new PartitionedCluster(1);
    List<Address> accounts = TwoStepTradeHistory.accounts(new Random(7), 2);
    Trade before =
        new Trade(
            "ETH-PERP",
            accounts.get(0),
            accounts.get(1),
            Wad.ONE,
            Wad.of("3010"),
            BigInteger.ZERO,
            BigInteger.ZERO);
    Trade after =
        new Trade(
            "ETH-PERP",
            accounts.get(1),
            accounts.get(0),
            Wad.of("2"),
            Wad.of("2990"),
            BigInteger.ZERO,
            BigInteger.ZERO);
    List<PartitionCommand> produced = new ArrayList<>();
    PartitionFundingClock clock =
        new PartitionFundingClock(
            1, List.of("ETH-PERP"), TERMS, cluster.store, index("3000", "3000"), produced::add);

    cluster.produce(0, new PartitionCommand.BookTrade("a", before));
    clock.tick(T1 + 1);
    assertThat(produced).containsExactly(new PartitionCommand.CloseFunding(0, "ETH-PERP", T1));
    cluster.produce(0, produced.get(0));
    cluster.produce(0, new PartitionCommand.BookTrade("b", after));
    cluster.drain();

    Map<String, String> book = cluster.store.fundingBooks(1).get(0);
    assertThat(book.get(FundingFields.closed("ETH-PERP", T1)))
        .isEqualTo(FillSums.ZERO.plusFill(Wad.ONE, Wad.of("3010")).write());
    assertThat(book.get(FundingFields.open("ETH-PERP")))
        .isEqualTo(FillSums.ZERO.plusFill(Wad.of("2"), Wad.of("2990")).write());
    assertThat(clock.tick(T1 + 2))
        .singleElement()
        .satisfies(d -> assertThat(d.decision().rate()).isEqualTo(Wad.of("0.003333333333333333")));
  }

  @Test
  void aClockThatDecidesAfterAnotherIsGivenTheFirstDecision() {
    // two clocks that both found every partition closed and no decision: they race to keep one
    InMemoryPartitionStore store = new InMemoryPartitionStore();
    PartitionStore.FundingDecision first =
        new PartitionStore.FundingDecision(Wad.of("3001"), Wad.of("0.001"));
    assertThat(store.decideFunding("ETH-PERP", T1, first)).isEqualTo(first);
    assertThat(
            store.decideFunding(
                "ETH-PERP",
                T1,
                new PartitionStore.FundingDecision(Wad.of("2999"), Wad.of("0.002"))))
        .isEqualTo(first);
    assertThat(store.decided("ETH-PERP", T1)).contains(first);
    assertThat(store.decided("ETH-PERP", T1 + HOUR)).isEmpty();
  }

  private static PartitionFundingClock clock(
      PartitionedCluster cluster, String average, String now) {
    return new PartitionFundingClock(
        cluster.partitions(),
        MARKETS,
        TERMS,
        cluster.store,
        index(average, now),
        command -> cluster.produce(command.partition(cluster.partitioner), command));
  }

  /** ETH at the given average and index now; BTC twenty times that. */
  private static PartitionFundingClock.FundingIndex index(String average, String now) {
    return new PartitionFundingClock.FundingIndex() {
      @Override
      public Optional<BigInteger> average(String market, long from, long to) {
        assertThat(to - from).isEqualTo(HOUR);
        return Optional.of(scaled(market, average));
      }

      @Override
      public Optional<BigInteger> now(String market) {
        return Optional.of(scaled(market, now));
      }
    };
  }

  private static BigInteger scaled(String market, String eth) {
    return Wad.of(eth).multiply(BigInteger.valueOf(market.equals("BTC-PERP") ? 20 : 1));
  }

  private static boolean settledEverywhere(PartitionedCluster cluster, long end) {
    for (Map<String, String> book : cluster.store.fundingBooks(cluster.partitions())) {
      for (String market : MARKETS) {
        if (!book.containsKey(FundingFields.settled(market, end))) {
          return false;
        }
      }
    }
    return true;
  }

  /** One engine over the whole ledger as the partitions hold it now. */
  private static MarginEngine wholeLedger(PartitionedCluster cluster) {
    List<Account> all = new ArrayList<>();
    cluster.all().forEach(state -> all.addAll(state.accounts().values()));
    return new MarginEngine(
        new Valuator(RiskConfig.defaults()),
        () -> ReservationHistory.NOW,
        event -> {},
        new LedgerStore() {
          @Override
          public void save(Account account) {}

          @Override
          public Collection<Account> loadAll() {
            return all;
          }
        });
  }
}
