package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.FundingTerms;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Funding settled, two intervals in turn, while trades' legs are still on their way across
 * partitions: each account pays or receives funding on exactly the trades booked before its taker's
 * partition closed the interval, wherever and whenever their legs arrive (a leg late to a partition
 * that has settled pays then; a leg booked after the close and arriving before the settlement is
 * left out of it), and the books balance throughout.
 */
class FundingCutTest {
  private static final long HOUR = 3_600;
  private static final long T1 = 1_800_003_600L;
  private static final FundingTerms TERMS = new FundingTerms(HOUR, Wad.of("0.005"));
  private static final BigInteger WAD_SQUARED = Wad.ONE.multiply(Wad.ONE);

  /** How many histories left a trade out of a settlement because it came after the cut. */
  static int excludedSeen;

  /** How many histories had a leg on its way to a partition that had settled without it. */
  static int lateSeen;

  @Property(tries = 80)
  void everyAccountPaysFundingOnTheTradesBookedBeforeItsTakersCut(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int partitions) {
    Random random = new Random(seed);
    PartitionedCluster cluster = PartitionedCluster.unpriced(partitions);
    // the intervals each partition was told to close (a close may be produced again)
    List<java.util.Set<Long>> closes = new java.util.ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      closes.add(new java.util.HashSet<>());
    }
    PartitionFundingClock clock =
        new PartitionFundingClock(
            partitions,
            List.of("ETH-PERP"),
            TERMS,
            cluster.store,
            index(),
            command -> {
              int p = command.partition(cluster.partitioner);
              if (command instanceof PartitionCommand.CloseFunding close) {
                closes.get(p).add(close.intervalEnd()); // what it books from now on is after it
              }
              cluster.produce(p, command);
            });
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 8);
    // per interval (0: ends at T1, 1: at T2), each account's size booked before its taker's cut
    List<Map<Address, BigInteger>> sizes = List.of(new HashMap<>(), new HashMap<>());
    Map<Address, Integer> legs = new HashMap<>();
    long now = T1; // the first tick closes the interval that ended at T1
    boolean sawAfter = false;
    boolean sawLate = false;
    for (int i = 0; i < 400; i++) {
      if (i == 200) {
        now = T1 + HOUR; // the next interval ends: it is closed once T1 is settled everywhere
      }
      int roll = random.nextInt(10);
      if (roll < 3) {
        Trade trade = ethTrade(random, accounts);
        int home = cluster.partitioner.of(trade.taker());
        for (int interval = closes.get(home).size(); interval < sizes.size(); interval++) {
          sizes.get(interval).merge(trade.taker(), trade.takerDelta(), BigInteger::add);
          sizes.get(interval).merge(trade.maker(), trade.takerDelta().negate(), BigInteger::add);
        }
        legs.merge(trade.taker(), 1, Integer::sum);
        legs.merge(trade.maker(), 1, Integer::sum);
        cluster.produce(home, new PartitionCommand.BookTrade("t" + i, trade));
      } else if (roll < 4) {
        now += 1 + random.nextInt(6);
        clock.tick(now);
      } else {
        cluster.randomOwnerAction(random);
      }
      sawAfter |= hasAfterFields(cluster);
      sawLate |= hasLateLeg(cluster);
    }
    for (int round = 0; round < 30 && !settled(cluster, T1 + HOUR); round++) {
      cluster.drain();
      now += 6;
      clock.tick(now);
      cluster.drain();
    }
    assertThat(settled(cluster, T1 + HOUR)).isTrue();
    cluster.drain(); // every leg still on its way delivered, late ones included
    excludedSeen += sawAfter ? 1 : 0;
    lateSeen += sawLate ? 1 : 0;

    Map<Address, Account> all = new HashMap<>();
    cluster.all().forEach(state -> all.putAll(state.accounts()));
    for (Address a : accounts) {
      Account account = all.getOrDefault(a, Account.empty(a));
      BigInteger net = account.flows().fundingReceived().subtract(account.flows().fundingPaid());
      BigInteger expected = BigInteger.ZERO;
      for (int interval = 0; interval < sizes.size(); interval++) {
        PartitionStore.FundingDecision d =
            cluster.store.decided("ETH-PERP", T1 + interval * HOUR).orElseThrow();
        BigInteger perSize = d.index().multiply(d.rate()).negate();
        BigInteger size = sizes.get(interval).getOrDefault(a, BigInteger.ZERO);
        expected = expected.add(Wad.floorDiv(size.multiply(perSize), WAD_SQUARED));
      }
      // one floor per settlement and per late leg: a wei each at most
      assertThat(net.subtract(expected).abs())
          .as("%s's funding %s, %s expected (sizes %s)", a, net, expected, sizes)
          .isLessThanOrEqualTo(BigInteger.valueOf(2L * legs.getOrDefault(a, 0) + 2));
    }
    assertThat(cluster.summary().imbalance()).isZero();
  }

  @net.jqwik.api.lifecycle.AfterContainer
  static void tradesCrossedTheCut() {
    assertThat(excludedSeen).as("histories where a trade was booked after a cut").isPositive();
    assertThat(lateSeen).as("histories where a leg arrived after its settlement").isPositive();
  }

  /** Whether a leg in some outbox is stamped before an interval its partition has settled. */
  private static boolean hasLateLeg(PartitionedCluster cluster) {
    List<PartitionState> all = cluster.all();
    for (PartitionState source : all) {
      for (OutboundLeg out : source.outbox().values()) {
        String settled =
            all.get(out.partition()).funding().get(FundingFields.lastSettled("ETH-PERP"));
        if (settled != null && out.stamp() < Long.parseLong(settled)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Trade ethTrade(Random random, List<Address> accounts) {
    Trade t = TwoStepTradeHistory.trade(random, accounts);
    return new Trade(
        "ETH-PERP", t.taker(), t.maker(), t.takerDelta(), t.price(), t.makerFee(), t.protocolFee());
  }

  private static boolean hasAfterFields(PartitionedCluster cluster) {
    for (Map<String, String> book : cluster.store.fundingBooks(cluster.partitions())) {
      for (String field : book.keySet()) {
        if (field.startsWith("after/")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean settled(PartitionedCluster cluster, long end) {
    for (Map<String, String> book : cluster.store.fundingBooks(cluster.partitions())) {
      if (!book.containsKey(FundingFields.settled("ETH-PERP", end))) {
        return false;
      }
    }
    return true;
  }

  /** ETH's index: 3,000 on average over the interval, 3,001 now. */
  private static PartitionFundingClock.FundingIndex index() {
    return new PartitionFundingClock.FundingIndex() {
      @Override
      public Optional<BigInteger> average(String market, long from, long to) {
        return Optional.of(Wad.of("3000"));
      }

      @Override
      public Optional<BigInteger> now(String market) {
        return Optional.of(Wad.of("3001"));
      }
    };
  }
}
