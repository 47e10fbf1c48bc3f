package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.clearing.Takeover;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Liquidations on a partitioned ledger over random histories: leveraged trades between accounts on
 * different partitions, prices that swing, liquidations started on the account's partition and
 * completed by a solver on another (its margin held there first), by the insurance fund counted
 * whole, or by auto-deleverage against holders anywhere, completions asked again, funding closed
 * and settled across the partitions, while owners crash before their commits, successors read the
 * log again, and relays send legs again and again.
 *
 * <p>The invariant, at every step and read as {@code GET /v1/ledger} reads it (legs in flight
 * counted): Σ cash = Σ cost basis over every account and system shard, and each market's long open
 * interest equals its short. Once everything is delivered: no outbox holds a leg, no margin is left
 * held (a takeover's leg consumed its hold, or the desk released it), every liquidation answered
 * {@code completed} left its account flat (unless a trade it took before, a leg still in flight,
 * landed after), and each was completed once, by one taker: the partitions keep one completion per
 * liquidation, whoever asked again or replayed it.
 */
class LiquidationHistoryTest {
  private static final long NOW = ReservationHistory.NOW;
  private static final CollateralKey ETH = new CollateralKey(1, "ETH");
  private static final String MARKET = "ETH-PERP";
  private static final BigInteger TENTH = Wad.ONE.divide(BigInteger.TEN);

  /** What the histories exercised, for the container to check that they did at all. */
  private static final Map<String, Integer> seen = new HashMap<>();

  @Property(tries = 200)
  void theBooksBalanceThroughEveryLiquidationAndEachIsCompletedOnce(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 6) int partitions) {
    new History(seed, partitions).run();
  }

  @net.jqwik.api.lifecycle.AfterContainer
  static void theHistoriesReachedEveryBranchOfTheWaterfall() {
    assertThat(seen)
        .as("what the histories exercised: %s", seen)
        .containsKeys(
            "taken by a solver",
            "taken by the fund",
            "deleveraged",
            "asked again",
            "superseded",
            "funding settled");
  }

  /** One random history, its expectations and its checks. */
  private static final class History {
    private final Random random;
    private final List<MarginEvent> events = new ArrayList<>();
    private BigInteger price = Wad.of("3000");
    private final PartitionedCluster cluster;
    private final List<Address> traders;
    private final List<Address> solvers;
    private final Set<Long> handled = new HashSet<>(); // liquidations whose completion was sent
    private final Set<Long> completed = new HashSet<>();
    private final Map<Long, Address> ofLiquidation = new HashMap<>();
    private final Map<Long, Address> heldBy = new HashMap<>(); // a takeover's hold, its solver
    private final Map<Long, Optional<Takeover>> sent = new HashMap<>(); // each first completion
    private int read; // answers checked so far
    private final PartitionFundingClock funding;
    private long fundingNow = NOW + 3_600; // the first tick closes the interval ending an hour on

    History(long seed, int partitions) {
      random = new Random(seed);
      cluster =
          new PartitionedCluster(
              partitions,
              new InMemoryPartitionStore(),
              (partition, clearing, ledger) -> {
                MarginEngine engine =
                    new MarginEngine(
                        new Valuator(RiskConfig.defaults()),
                        () -> NOW,
                        events::add,
                        ledger,
                        clearing);
                engine.onPrice("ETH", new Price(price, NOW)); // a successor starts at today's price
                engine.useLiquidationDesk(true);
                return engine;
              });
      funding =
          new PartitionFundingClock(
              partitions,
              List.of(MARKET),
              new io.omnimargin.margin.clearing.FundingTerms(3_600, Wad.of("0.005")),
              cluster.store,
              new PartitionFundingClock.FundingIndex() {
                @Override
                public Optional<BigInteger> average(String market, long from, long to) {
                  return Optional.of(price);
                }

                @Override
                public Optional<BigInteger> now(String market) {
                  return Optional.of(price);
                }
              },
              command -> cluster.produce(command.partition(cluster.partitioner), command));
      traders = TwoStepTradeHistory.accounts(random, 8);
      solvers = TwoStepTradeHistory.accounts(random, 2);
    }

    void run() {
      for (Address a : traders) {
        fund(a, TENTH.multiply(BigInteger.valueOf(3 + random.nextInt(30))));
      }
      for (Address s : solvers) {
        fund(s, Wad.of("200"));
      }
      for (int i = 0; i < 160; i++) {
        act(i);
        afterEach("after action " + i);
      }
      cluster.drain();
      afterEach("drained");
      for (long id : open()) {
        complete(
            id, Optional.empty()); // whatever the desk never completed, completed without a bid
      }
      cluster.drain();
      afterEach("completed");
      Map<String, Integer> completions = completions();
      heldBy.forEach(
          (id, solver) -> {
            String takenBySolver =
                "liquidation/" + ofLiquidation.get(id).toLowerHex() + "/" + id + "/";
            boolean booked =
                completions.containsKey(takenBySolver + solver.toLowerHex())
                    && events.stream()
                        .anyMatch(
                            e ->
                                e instanceof MarginEvent.Liquidation l
                                    && l.id() == id
                                    && solver.equals(l.taker()));
            if (!booked) {
              // the desk releases the hold of a takeover that was not booked; a booked one's leg
              // consumed it where it landed
              cluster.produce(
                  cluster.partitioner.of(solver),
                  new PartitionCommand.Release(solver, Takeover.hold(id, MARKET), false));
            }
          });
      Map<String, Integer> perLiquidation = new HashMap<>();
      completions
          .keySet()
          .forEach(k -> perLiquidation.merge(k.substring(0, k.lastIndexOf('/')), 1, Integer::sum));
      assertThat(perLiquidation)
          .as("each liquidation completed once, by one taker")
          .allSatisfy((liquidation, times) -> assertThat(times).isOne());
      assertThat(completions.size()).as("completions kept").isEqualTo(completed.size());
      cluster.drain();
      afterEach("released");
      if (events.stream()
          .anyMatch(
              e -> e instanceof MarginEvent.Valued v && v.cause().endsWith("positions changed"))) {
        seen.merge("superseded", 1, Integer::sum); // a leg landed while its liquidation waited
      }
      for (PartitionState state : cluster.all()) {
        if (state.funding().containsKey(FundingFields.lastSettled(MARKET))) {
          seen.merge("funding settled", 1, Integer::sum);
        }
        if (state.accounts().values().stream()
            .anyMatch(a -> a.positions().values().stream().anyMatch(p -> p.isFlat()))) {
          seen.merge("a line of size zero", 1, Integer::sum);
        }
        assertThat(state.outbox()).as("delivered, partition %s", state.partition()).isEmpty();
        assertThat(state.reservations())
            .as("no margin left held, partition %s", state.partition())
            .isEmpty();
      }
    }

    private void act(int i) {
      int roll = random.nextInt(100);
      if (roll < 18) {
        trade(i);
      } else if (roll < 26) {
        move();
      } else if (roll < 34 && !open().isEmpty()) {
        completeOne();
      } else if (roll < 36 && !completed.isEmpty()) {
        seen.merge("asked again", 1, Integer::sum);
        long id = pick(new ArrayList<>(completed));
        complete(id, sent.get(id)); // the desk's answer was lost: it asks again, the same
      } else if (roll < 39) {
        fundInsurance(i);
      } else if (roll < 42) {
        cluster.zombieStep(random.nextInt(cluster.partitions()));
      } else if (roll < 46) {
        // funding: the clock closes an interval on every partition, then settles it; a leg late
        // to a settled partition pays then, and a position closed since leaves a line of size zero
        fundingNow += i == 80 ? 3_600 : 1 + random.nextInt(6);
        funding.tick(fundingNow);
      } else {
        cluster.randomOwnerAction(random);
      }
    }

    /** A leveraged trade near the mark between two accounts not being liquidated. */
    private void trade(int i) {
      Set<Address> liquidating = new HashSet<>();
      open().forEach(id -> liquidating.add(ofLiquidation.get(id)));
      List<Address> free = new ArrayList<>();
      for (Address a : traders) {
        if (!liquidating.contains(a)) {
          free.add(a);
        }
      }
      free.addAll(solvers.subList(0, 1)); // a solver makes markets too
      if (free.size() < 2) {
        return;
      }
      Address taker = pick(free);
      Address maker;
      do {
        maker = pick(free);
      } while (maker.equals(taker));
      BigInteger size = TENTH.multiply(BigInteger.valueOf(5 + random.nextInt(60)));
      BigInteger at =
          price
              .multiply(BigInteger.valueOf(970 + random.nextInt(61)))
              .divide(BigInteger.valueOf(1000));
      cluster.produce(
          cluster.partitioner.of(taker),
          new PartitionCommand.BookTrade(
              "t" + i,
              Trade.at(MARKET, taker, maker, random.nextBoolean() ? size : size.negate(), at)));
    }

    /** ETH moves on every partition's engine; each owner commits what the tick changed. */
    private void move() {
      int permille = 850 + random.nextInt(260); // −15% … +10%
      price = price.multiply(BigInteger.valueOf(permille)).divide(BigInteger.valueOf(1000));
      price = price.max(Wad.of("1500")).min(Wad.of("4500"));
      for (int p = 0; p < cluster.partitions(); p++) {
        cluster.owner(p).engine().onPrice("ETH", new Price(price, NOW));
        cluster.between(p);
      }
    }

    /** A desk completes an open liquidation: a solver's takeover if it can hold the margin. */
    private void completeOne() {
      long id = pick(open());
      MarginEvent.LiquidationStarted started = startedOf(id);
      if (random.nextBoolean() || started.offers().isEmpty()) {
        complete(id, Optional.empty());
        return;
      }
      MarginEvent.Offer offer = started.offers().get(0);
      Address solver = pick(solvers);
      // a long is bought at or above its bankruptcy price, a short sold at or below it
      BigInteger bid =
          offer.size().signum() > 0
              ? offer.bankruptcyPrice().add(Wad.ONE)
              : offer.bankruptcyPrice().subtract(Wad.ONE).max(Wad.ONE);
      PartitionCommand.Reserve hold =
          new PartitionCommand.Reserve(
              new Reservation(
                  solver,
                  Takeover.hold(id, offer.market()),
                  new ProposedChange.Order(
                      offer.market(), offer.size().signum() > 0, offer.size().abs(), bid, false),
                  "desk-" + id));
      if ("accepted".equals(answer(hold))) {
        heldBy.put(id, solver);
        complete(id, Optional.of(new Takeover(solver, Map.of(offer.market(), bid))));
      } else {
        complete(id, Optional.empty());
      }
    }

    /** Produces the command and steps its partition until the command is answered. */
    private String answer(PartitionCommand.Reserve command) {
      int p = cluster.partitioner.of(command.account());
      cluster.produce(p, command);
      while (cluster.pending(p)) {
        cluster.step(p);
      }
      return cluster.answered.stream()
          .filter(a -> a.command() == command)
          .map(PartitionedCluster.Answered::outcome)
          .reduce((a, b) -> b)
          .orElseThrow();
    }

    /** The completions the partitions committed, by their key: account, id and taker. */
    private Map<String, Integer> completions() {
      Map<String, Integer> keys = new HashMap<>();
      for (PartitionState state : cluster.all()) {
        state.appliedLegs().keySet().stream()
            .filter(k -> k.startsWith("liquidation/"))
            .forEach(k -> keys.merge(k, 1, Integer::sum));
      }
      return keys;
    }

    private void complete(long id, Optional<Takeover> takeover) {
      handled.add(id);
      sent.putIfAbsent(id, takeover);
      Address account = ofLiquidation.get(id);
      cluster.produce(
          cluster.partitioner.of(account),
          new PartitionCommand.CompleteLiquidation(account, id, takeover));
    }

    /** The insurance fund's shard on a random partition is paid by a donor among the solvers. */
    private void fundInsurance(int i) {
      Address donor = solvers.get(1);
      cluster.produce(
          cluster.partitioner.of(donor),
          new PartitionCommand.MoveCash(
              donor,
              io.omnimargin.cluster.partition.SystemShards.Role.INSURANCE_FUND,
              Wad.of("-" + (50 + random.nextInt(400))),
              "fund-" + i));
    }

    /** The books balance; what was answered since the last check is checked. */
    private void afterEach(String when) {
      TwoStepTradeHistory.assertBalanced(cluster.summary(), when);
      for (MarginEvent e : events) {
        if (e instanceof MarginEvent.LiquidationStarted s) {
          ofLiquidation.putIfAbsent(s.id(), s.owner());
        }
      }
      List<PartitionedCluster.Answered> answered = cluster.answered;
      for (; read < answered.size(); read++) {
        PartitionedCluster.Answered a = answered.get(read);
        if (a.command() instanceof PartitionCommand.CompleteLiquidation c
            && "completed".equals(a.outcome())) {
          if (completed.add(c.liquidation()) && !touchedAfter(read, c.account())) {
            count(c);
            if (!placedAgain(c)) {
              assertThat(cluster.store.load(a.partition()).account(c.account()).positions())
                  .as("%s: liquidation %s left its account flat", when, c.liquidation())
                  .allSatisfy((market, position) -> assertThat(position.isFlat()).isTrue());
            }
          }
        }
      }
    }

    /**
     * Whether auto-deleverage found too few opposite positions (a holder's side still in flight to
     * its partition is not counted) and the rest was offered again, as a liquidation of its own.
     */
    private boolean placedAgain(PartitionCommand.CompleteLiquidation c) {
      String cause = "liquidation " + c.liquidation() + " of ";
      return events.stream()
          .anyMatch(
              e ->
                  e instanceof MarginEvent.LiquidationStarted s
                      && s.owner().equals(c.account())
                      && s.cause().startsWith(cause));
    }

    /** Whether a command answered after the {@code k}th changed the account (as stored now). */
    private boolean touchedAfter(int k, Address account) {
      List<PartitionedCluster.Answered> answered = cluster.answered;
      for (int j = k + 1; j < answered.size(); j++) {
        PartitionCommand command = answered.get(j).command();
        if (command instanceof PartitionCommand.AccountCommand c && c.account().equals(account)
            || command instanceof PartitionCommand.BookTrade t
                && t.trade().maker().equals(account)) {
          return true;
        }
      }
      return false;
    }

    private void count(PartitionCommand.CompleteLiquidation c) {
      events.stream()
          .filter(e -> e instanceof MarginEvent.Liquidation l && l.id() == c.liquidation())
          .map(MarginEvent.Liquidation.class::cast)
          .reduce((a, b) -> b)
          .ifPresent(
              l -> {
                if (!l.deleveraged().isEmpty()) {
                  seen.merge("deleveraged", 1, Integer::sum);
                } else if (solvers.contains(l.taker())) {
                  seen.merge("taken by a solver", 1, Integer::sum);
                } else {
                  seen.merge("taken by the fund", 1, Integer::sum);
                }
              });
    }

    /** Liquidations started (by an owner that committed them or not) and not yet sent to a desk. */
    private List<Long> open() {
      List<Long> open = new ArrayList<>();
      for (MarginEvent e : events) {
        if (e instanceof MarginEvent.LiquidationStarted s && !handled.contains(s.id())) {
          ofLiquidation.putIfAbsent(s.id(), s.owner());
          open.add(s.id());
        }
      }
      return open;
    }

    private MarginEvent.LiquidationStarted startedOf(long id) {
      return events.stream()
          .filter(e -> e instanceof MarginEvent.LiquidationStarted s && s.id() == id)
          .map(MarginEvent.LiquidationStarted.class::cast)
          .findFirst()
          .orElseThrow();
    }

    private void fund(Address account, BigInteger eth) {
      cluster.produce(
          cluster.partitioner.of(account),
          new PartitionCommand.ProvenBalance(account, ETH, eth, "deposit-" + account));
    }

    private <T> T pick(List<T> from) {
      return from.get(random.nextInt(from.size()));
    }
  }
}
