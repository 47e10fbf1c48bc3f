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
 * Funding settled while trades' legs are still on their way across partitions: each account pays or
 * receives funding on exactly the trades booked before its taker's partition closed the interval,
 * wherever and whenever their legs arrive (a leg late to a partition that has settled pays then; a
 * leg booked after the close and arriving before the settlement is left out of it), and the books
 * balance throughout.
 */
class FundingCutTest {
  private static final long HOUR = 3_600;
  private static final long T1 = 1_800_003_600L;
  private static final FundingTerms TERMS = new FundingTerms(HOUR, Wad.of("0.005"));
  private static final BigInteger WAD_SQUARED = Wad.ONE.multiply(Wad.ONE);

  /** How many histories left a trade out of a settlement because it came after the cut. */
  static int excludedSeen;

  @Property(tries = 80)
  void everyAccountPaysFundingOnTheTradesBookedBeforeItsTakersCut(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int partitions) {
    Random random = new Random(seed);
    PartitionedCluster cluster =
        new PartitionedCluster(
            partitions,
            new InMemoryPartitionStore(),
            PartitionEngines.unpriced(() -> ReservationHistory.NOW));
    boolean[] closed = new boolean[partitions];
    PartitionFundingClock clock =
        new PartitionFundingClock(
            partitions,
            List.of("ETH-PERP"),
            TERMS,
            cluster.store,
            index(),
            command -> {
              int p = command.partition(cluster.partitioner);
              if (command instanceof PartitionCommand.CloseFunding) {
                closed[p] = true; // what the taker's partition books from now on is after its cut
              }
              cluster.produce(p, command);
            });
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 8);
    Map<Address, BigInteger> beforeCut = new HashMap<>();
    Map<Address, Integer> legs = new HashMap<>();
    long now = T1; // the first tick closes the interval that ended at T1, and only that one
    boolean sawAfter = false;
    for (int i = 0; i < 250; i++) {
      int roll = random.nextInt(10);
      if (roll < 3) {
        Trade trade = ethTrade(random, accounts);
        int home = cluster.partitioner.of(trade.taker());
        if (!closed[home]) {
          beforeCut.merge(trade.taker(), trade.takerDelta(), BigInteger::add);
          beforeCut.merge(trade.maker(), trade.takerDelta().negate(), BigInteger::add);
        }
        legs.merge(trade.taker(), 1, Integer::sum);
        legs.merge(trade.maker(), 1, Integer::sum);
        cluster.produce(home, new PartitionCommand.BookTrade("t" + i, trade));
      } else if (roll < 4) {
        now += 1 + random.nextInt(6);
        clock.tick(now);
      } else {
        owners(cluster, random);
      }
      sawAfter |= hasAfterFields(cluster);
    }
    for (int round = 0; round < 20 && !settled(cluster); round++) {
      cluster.drain();
      now += 6;
      clock.tick(Math.max(now, T1 + 1));
      cluster.drain();
    }
    assertThat(settled(cluster)).isTrue();
    cluster.drain(); // every leg still on its way delivered, late ones included
    if (sawAfter) {
      excludedSeen++;
    }

    PartitionStore.FundingDecision d = cluster.store.decided("ETH-PERP", T1).orElseThrow();
    BigInteger perSize = d.index().multiply(d.rate()).negate();
    Map<Address, Account> all = new HashMap<>();
    cluster.all().forEach(state -> all.putAll(state.accounts()));
    for (Address a : accounts) {
      Account account = all.getOrDefault(a, Account.empty(a));
      BigInteger net = account.flows().fundingReceived().subtract(account.flows().fundingPaid());
      BigInteger expected =
          Wad.floorDiv(beforeCut.getOrDefault(a, BigInteger.ZERO).multiply(perSize), WAD_SQUARED);
      // one floor per settlement and per late leg: a wei each at most
      assertThat(net.subtract(expected).abs())
          .as("%s's funding, %s expected", a, expected)
          .isLessThanOrEqualTo(BigInteger.valueOf(legs.getOrDefault(a, 0) + 1));
    }
    assertThat(cluster.summary().imbalance()).isZero();
  }

  @net.jqwik.api.lifecycle.AfterContainer
  static void tradesCrossedTheCut() {
    assertThat(excludedSeen).as("histories where a trade was booked after a cut").isPositive();
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

  private static boolean settled(PartitionedCluster cluster) {
    for (Map<String, String> book : cluster.store.fundingBooks(cluster.partitions())) {
      if (!book.containsKey(FundingFields.settled("ETH-PERP", T1))) {
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

  /** Owners step, batch, crash and relay at random, as a cluster's do. */
  private static void owners(PartitionedCluster cluster, Random random) {
    int p = random.nextInt(cluster.partitions());
    int roll = random.nextInt(10);
    if (roll < 5) {
      cluster.step(p);
    } else if (roll < 6) {
      cluster.stepAndCrash(p);
    } else if (roll < 7) {
      cluster.commitConsumerPosition(p);
    } else if (roll < 9) {
      cluster.relay(p);
    } else {
      cluster.acknowledge(p);
    }
  }
}
