package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.cluster.Broker;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.AccountSnapshot;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The margin book of a partitioned ledger on a real broker, two replicas each writing two of four
 * partitions, each with its own book: a random history of reserves, retries, re-prices, releases,
 * what-ifs and fills, each asked of either replica's book (so of the partition's own engine or of
 * the account as stored, valued at the replica's prices), is decided and read exactly as one engine
 * over the whole ledger decides and reads it: the same acceptances, the same refusals with the same
 * figures, the same accounts, values, cash and reservations.
 */
class PartitionedMarginBookTest {
  private static final long NOW = ReservationHistory.NOW;
  private static final CollateralKey ETH = ReservationHistory.ETH;
  private static final BigInteger TENTH = Wad.ONE.divide(BigInteger.TEN);
  private static final int PARTITIONS = 4;
  @RegisterExtension static final Broker broker = new Broker();
  private final Writers writers = new Writers(broker.bootstrapServers(), PARTITIONS);

  /** An intent of the history: whose, what it holds now, whether it is an order. */
  private record Open(Address account, OrderId id, ProposedChange change) {}

  @AfterEach
  void stop() {
    writers.close();
  }

  @Test
  @Timeout(240)
  void twoReplicasBooksDecideAndReadAsOneEngine() throws Exception {
    PartitionWriter w1 = writers.start("w1");
    PartitionWriter w2 = writers.start("w2");
    Writers.awaitAssigned(w1, w2, PARTITIONS);
    assertThat(w1.partitions()).isNotEmpty();
    assertThat(w2.partitions()).isNotEmpty();
    List<MarginBook> books = List.of(book(w1), book(w2));
    MarginInputs inputs =
        new PartitionedMarginInputs(w1, writers.shards, new NoMarkets(), Duration.ofSeconds(10));
    MarginEngine one = marketEngine();

    long seed = Long.getLong("omnimargin.test.seed", new Random().nextLong());
    System.out.println("PartitionedMarginBookTest seed " + seed);
    Random random = new Random(seed);
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 6);
    for (Address a : accounts) {
      EngineInput deposit =
          new EngineInput.CollateralBalance(
              a, ETH, TENTH.multiply(BigInteger.valueOf(5 + random.nextInt(25))), "proof");
      one.apply(deposit);
      inputs.apply(deposit);
    }
    List<Open> open = new ArrayList<>();
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 70; i++) {
      MarginBook book = books.get(random.nextInt(2));
      int roll = random.nextInt(100);
      String step = "step " + i + " (seed " + seed + ")";
      if (roll < 35 || open.isEmpty()) {
        Open o = new Open(pick(random, accounts), intent(i), change(random));
        Decision d =
            sameDecision(
                one.reserve(o.account, o.id, o.change),
                book.reserve(o.account, o.id, o.change),
                step);
        if (d.accepted()) {
          open.add(o);
          accepted++;
        } else {
          refused++;
        }
      } else if (roll < 45) {
        Open o = pick(random, open); // a retried request: held once
        sameDecision(
            one.reserve(o.account, o.id, o.change), book.reserve(o.account, o.id, o.change), step);
      } else if (roll < 60) {
        Open o = pick(random, open);
        ProposedChange moved = change(random);
        Decision d =
            sameDecision(
                one.reprice(o.account, o.id, moved), book.reprice(o.account, o.id, moved), step);
        open.remove(o);
        if (d.accepted()) {
          open.add(new Open(o.account, o.id, moved));
        }
      } else if (roll < 72) {
        Open o = pick(random, open);
        one.release(o.account, o.id);
        book.release(o.account, o.id);
        open.remove(o);
      } else if (roll < 82) {
        fill(random, accounts, open, one, inputs, books);
      } else {
        Address a = pick(random, accounts);
        ProposedChange c = change(random);
        sameDecision(one.whatIf(a, c), book.whatIf(a, c), step + " what-if");
      }
      writers.awaitSettled();
      for (Address a : accounts) {
        sameReads(one, books.get(random.nextInt(2)), a, open, step);
      }
      open.removeIf(o -> one.reservation(o.account, o.id).isEmpty());
    }
    assertThat(accepted).as("a history that holds margin").isPositive();
    assertThat(refused).as("a history that is refused some").isPositive();
  }

  @Test
  @Timeout(120)
  void aReserveNobodyAnswersIsUndoneUnlessAStoredIntentHoldsIt() throws Exception {
    PartitionWriter w1 = writers.start("w1");
    PartitionWriter w2 = writers.start("w2");
    Writers.awaitAssigned(w1, w2, PARTITIONS);
    Address stray = onPartitionOf(w2, 1);
    Address live = onPartitionOf(w2, 2);
    MarginInputs inputs =
        new PartitionedMarginInputs(w1, writers.shards, new NoMarkets(), Duration.ofSeconds(10));
    for (Address a : List.of(stray, live)) {
      inputs.apply(new EngineInput.CollateralBalance(a, ETH, Wad.ONE, "proof"));
    }
    w2.haltAtNextCommit(); // dies at its next command, as a killed process would: no answer
    ProposedChange order = new ProposedChange.Order("ETH-PERP", true, TENTH, Wad.of("3000"), false);
    MarginBook book =
        new PartitionedMarginBook(
            w1,
            writers.store,
            writers.partitioner,
            marketEngine(),
            Duration.ofMillis(300), // all three attempts over before w1 takes w2's partitions
            (account, intent) -> account.equals(live)); // as if stored, and live, for that one
    assertThat(book.reserve(stray, intent(1), order).reason())
        .isEqualTo(Decision.Reason.LEDGER_UNAVAILABLE);
    assertThat(book.reserve(live, intent(2), order).reason())
        .isEqualTo(Decision.Reason.LEDGER_UNAVAILABLE);

    // w1 takes the partitions over once w2's session runs out, and applies what is in their log
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !(w1.partitions().size() == PARTITIONS && w1.ready())) {
      Thread.sleep(50);
    }
    assertThat(w1.partitions()).hasSize(PARTITIONS);
    assertThat(w1.ready()).isTrue();
    assertThat(writers.store.account(writers.partitioner.of(stray), stray).reservations())
        .as("applied late, and undone by the release that followed it")
        .isEmpty();
    assertThat(writers.store.account(writers.partitioner.of(live), live).reservations())
        .as("a live stored intent's margin is kept")
        .extracting(Reservation::intent)
        .containsExactly(intent(2));
    MarginBook successor =
        new PartitionedMarginBook(
            w1,
            writers.store,
            writers.partitioner,
            marketEngine(),
            Duration.ofSeconds(10),
            (account, intent) -> false);
    assertThat(successor.reserve(stray, intent(1), order).accepted())
        .as("not terminal: the wallet may send it again")
        .isTrue();
  }

  @Test
  @Timeout(60)
  void anOwnerAnswersItsOwnRequestsInPlaceAndAnothersThroughTheBroker() throws Exception {
    PartitionWriter w1 = writers.start("w1");
    PartitionWriter w2 = writers.start("w2");
    Writers.awaitAssigned(w1, w2, PARTITIONS);
    ProposedChange order = new ProposedChange.Order("ETH-PERP", true, TENTH, Wad.of("3000"), false);
    long replies = writers.replies();
    for (int i = 1; i <= 5; i++) {
      Address own = onPartitionOf(w1, i);
      String answer =
          w1.request(
                  new PartitionCommand.Reserve(new Reservation(own, intent(i), order, "own-" + i)),
                  Duration.ofSeconds(10))
              .get(15, TimeUnit.SECONDS);
      assertThat(answer).as("answered, as any request").startsWith("refused: insufficient-margin");
    }
    assertThat(writers.replies()).as("no reply through the broker for its own").isEqualTo(replies);
    for (int i = 1; i <= 5; i++) {
      Address other = onPartitionOf(w2, i);
      w1.request(
              new PartitionCommand.Reserve(new Reservation(other, intent(10 + i), order, "o-" + i)),
              Duration.ofSeconds(10))
          .get(15, TimeUnit.SECONDS);
    }
    assertThat(writers.replies()).as("one reply each from the other owner").isEqualTo(replies + 5);
  }

  @Test
  @Timeout(60)
  void theSettlementPoolsTokensAreProvenOnItsPartitionAndReadOnEveryReplica() throws Exception {
    // cash payouts are paid from the pool's tokens: the margin gate reads them on any replica
    PartitionWriter w1 = writers.start("w1");
    PartitionWriter w2 = writers.start("w2");
    Writers.awaitAssigned(w1, w2, PARTITIONS);
    List<MarginBook> books = List.of(book(w1), book(w2));
    Address pool = books.get(0).clearing().settlementPool();
    CollateralKey usdc = new CollateralKey(42161, "USDC");
    PartitionWriter notWriting = w1.partitions().contains(0) ? w2 : w1;
    MarginInputs inputs =
        new PartitionedMarginInputs(
            notWriting, writers.shards, new NoMarkets(), Duration.ofSeconds(10));

    inputs.apply(
        new EngineInput.CollateralBalance(
            pool, usdc, BigInteger.valueOf(5_000_000_000L), "treasury"));
    inputs.apply(
        new EngineInput.CollateralChange(pool, usdc, BigInteger.valueOf(-1_250_000_000L), "paid"));

    for (MarginBook book : books) {
      assertThat(book.balance(pool, usdc)).isEqualTo(BigInteger.valueOf(3_750_000_000L));
      assertThat(book.cash(pool)).isZero();
    }
    assertThat(writers.store.load(0).account(pool).balance(usdc))
        .as("held by partition 0, the pool's own shard")
        .isEqualTo(BigInteger.valueOf(3_750_000_000L));
  }

  /** The {@code nth} account found on one of the partitions the writer holds. */
  private Address onPartitionOf(PartitionWriter writer, int nth) {
    Random random = new Random(nth);
    int found = 0;
    while (true) {
      Address a = TwoStepTradeHistory.accounts(random, 1).get(0);
      if (writer.partitions().contains(writers.partitioner.of(a)) && ++found == nth) {
        return a;
      }
    }
  }

  /** Fills an open order as the trade its auction would book: its reservation is consumed. */
  private static void fill(
      Random random,
      List<Address> accounts,
      List<Open> open,
      MarginEngine one,
      MarginInputs inputs,
      List<MarginBook> books) {
    Open o =
        open.stream()
            .filter(x -> x.change instanceof ProposedChange.Order)
            .findFirst()
            .orElse(null);
    if (o == null) {
      return;
    }
    ProposedChange.Order order = (ProposedChange.Order) o.change;
    Address maker;
    do {
      maker = pick(random, accounts);
    } while (maker.equals(o.account));
    Trade trade =
        new Trade(
            order.market(),
            o.account,
            maker,
            order.isBuy() ? order.size() : order.size().negate(),
            order.limitPrice(),
            BigInteger.ZERO,
            TENTH);
    EngineInput fill = new EngineInput.Fill(trade, o.id);
    one.apply(fill);
    inputs.apply(fill);
    open.remove(o);
    for (MarginBook book : books) {
      assertThat(book.booked(o.account, o.id)).as("booked, asked of either replica").isTrue();
      for (Address other : accounts) {
        if (!other.equals(o.account) && !other.equals(maker)) {
          assertThat(book.booked(other, o.id)).as("no side of the trade").isFalse();
        }
      }
    }
  }

  private static Decision sameDecision(Decision expected, Decision actual, String step) {
    assertThat(actual.accepted()).as("%s accepted", step).isEqualTo(expected.accepted());
    if (!expected.accepted()) {
      assertThat(actual.reason()).as("%s reason", step).isEqualTo(expected.reason());
      assertThat(actual.after()).as("%s figures", step).isEqualTo(expected.after());
    } else if (actual.after() != null) {
      assertThat(actual.after()).as("%s figures", step).isEqualTo(expected.after());
    }
    return actual;
  }

  private static void sameReads(
      MarginEngine one, MarginBook book, Address a, List<Open> open, String step) {
    AccountSnapshot expected = one.snapshot(a);
    AccountSnapshot actual = book.snapshot(a);
    assertThat(actual.account()).as("%s account %s", step, a).isEqualTo(expected.account());
    assertThat(actual.value()).as("%s value %s", step, a).isEqualTo(expected.value());
    assertThat(actual.openReservations())
        .as("%s reservations %s", step, a)
        .isEqualTo(expected.openReservations());
    assertThat(book.cash(a)).isEqualTo(one.cash(a));
    assertThat(book.balance(a, ETH)).isEqualTo(one.balance(a, ETH));
    for (Open o : open) {
      if (o.account.equals(a)) {
        // a fill may make an account liquidatable, which drops all it holds: so must the book
        assertThat(book.reservation(a, o.id))
            .as("%s held", step)
            .isEqualTo(one.reservation(a, o.id));
      }
    }
  }

  private static ProposedChange change(Random random) {
    if (random.nextInt(4) == 0) {
      return new ProposedChange.Withdrawal(
          ETH, TENTH.multiply(BigInteger.valueOf(1 + random.nextInt(20))));
    }
    return new ProposedChange.Order(
        "ETH-PERP",
        random.nextBoolean(),
        TENTH.multiply(BigInteger.valueOf(1 + random.nextInt(80))),
        Wad.of("2900").add(Wad.ONE.multiply(BigInteger.valueOf(random.nextInt(200)))),
        false);
  }

  private static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static OrderId intent(int n) {
    return OrderId.parse(String.format("0x%064x", 9_000 + n));
  }

  /** An engine with the partitions' prices and clock: the reference, or a replica's market. */
  private static MarginEngine marketEngine() {
    return ReservationHistory.pricedEngines()
        .open(0, ClearingParameters.defaults(), LedgerStore.NONE);
  }

  private MarginBook book(PartitionWriter writer) {
    return new PartitionedMarginBook(
        writer,
        writers.store,
        writers.partitioner,
        marketEngine(),
        Duration.ofSeconds(10),
        (account, intent) -> false);
  }
}
