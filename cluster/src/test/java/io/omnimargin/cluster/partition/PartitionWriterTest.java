package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.cluster.Broker;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two writers share six ledger partitions on a real KRaft broker; trades go in through both while
 * one writer is stopped as a killed process would be (between an apply and its commit, still in the
 * group). A reader checks the ledger throughout, and once everything is in, each trade is booked
 * exactly once on each side.
 */
class PartitionWriterTest {
  private static final Duration SESSION = Writers.SESSION;
  private static final int PARTITIONS = 6;
  @RegisterExtension static final Broker broker = new Broker();
  private final Writers writers = new Writers(broker.bootstrapServers(), PARTITIONS);
  private final InMemoryPartitionStore store = writers.store;
  private final LedgerPartitioner partitioner = writers.partitioner;
  private final SystemShards shards = writers.shards;

  @AfterEach
  void stop() {
    writers.close();
  }

  @Test
  @Timeout(120)
  void aWriterKilledMidStreamLosesNothingAndBooksNothingTwice() throws Exception {
    PartitionWriter w1 = writer("w1");
    PartitionWriter w2 = writer("w2");
    Writers.awaitAssigned(w1, w2, PARTITIONS);
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    System.out.println("PartitionWriterTest seed " + seed);
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 12);
    TwoStepTradeHistory.Expected expected = new TwoStepTradeHistory.Expected();
    AtomicReference<Throwable> unbalanced = new AtomicReference<>();
    AtomicInteger reads = new AtomicInteger();
    Thread reader = reader(unbalanced, reads);

    for (int i = 0; i < 200; i++) {
      if (i == 100) {
        w1.haltAtNextCommit();
      }
      Trade trade = TwoStepTradeHistory.trade(random, accounts);
      expected.add(trade);
      PartitionWriter via = i < 100 && i % 2 == 0 ? w1 : w2; // w1's producer dies with it
      assertThat(booked(via, "t" + i, trade)).as("t" + i).isEqualTo("booked");
    }

    for (int wait = 0; wait < 100 && !w1.stopped(); wait++) {
      Thread.sleep(100);
    }
    assertThat(w1.stopped()).as("w1 died on a command of the second hundred").isTrue();
    awaitDrained(accounts, expected);
    reader.interrupt();
    reader.join();
    assertThat(unbalanced.get()).as("the ledger as read meanwhile").isNull();
    assertThat(reads.get()).as("reads while trades went in").isGreaterThan(10);
    assertThat(w2.partitions()).as("the survivor writes them all").hasSize(PARTITIONS);
  }

  /**
   * Every command through the log: a commit the store fails or loses is read again from it. (A
   * command applied on its writer without the log is kept only by the store's commit.)
   */
  @Test
  @Timeout(120)
  void aStoreThatFailsOrLosesACommitIsReadAgainAndEachTradeIsBookedOnce() throws Exception {
    FlakyStore flaky = new FlakyStore(store);
    storeFailsOrLoses(writers.startThroughLogOnly("w1", flaky), flaky, true);
  }

  /**
   * Commands asked on their partition's writer: those of a batch whose commit fails go through the
   * log to the partition's writer once it has loaded the partition again.
   */
  @Test
  @Timeout(120)
  void aStoreThatFailsACommitOfLocalCommandsSendsThemThroughTheLogAndBooksEachOnce()
      throws Exception {
    FlakyStore flaky = new FlakyStore(store);
    storeFailsOrLoses(writer("w1", flaky), flaky, false);
  }

  private void storeFailsOrLoses(PartitionWriter w, FlakyStore flaky, boolean loses)
      throws Exception {
    for (int wait = 0; wait < 600 && w.partitions().size() < PARTITIONS; wait++) {
      Thread.sleep(100);
    }
    Random random = new Random();
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 12);
    TwoStepTradeHistory.Expected expected = new TwoStepTradeHistory.Expected();

    for (int i = 0; i < 150; i++) {
      if (i == 50) {
        flaky.failing.set(true); // Redis unreachable for one commit
      } else if (i == 100 && loses) {
        flaky.losing.set(true); // a failover that lost one acknowledged commit
      }
      Trade trade = TwoStepTradeHistory.trade(random, accounts);
      expected.add(trade);
      // through the log a lost answer is asked for again; asked here, each is answered once
      String outcome =
          loses ? booked(w, "t" + i, trade) : w.submit("t" + i, trade).get(30, TimeUnit.SECONDS);
      assertThat(outcome).as("t" + i).isEqualTo("booked");
    }

    awaitDrained(accounts, expected);
    assertThat(flaky.failed.get()).isEqualTo(1);
    assertThat(flaky.lost.get()).isEqualTo(loses ? 1 : 0);
    assertThat(w.partitions()).hasSize(PARTITIONS);
  }

  @Test
  @Timeout(60)
  void aLostLastCommitOfAnIdlePartitionIsFoundByTheWritersAudit() throws Exception {
    FlakyStore flaky = new FlakyStore(store);
    PartitionWriter w = writer("w1", flaky);
    w.auditEvery(Duration.ofMillis(200));
    for (int wait = 0; wait < 600 && w.partitions().size() < PARTITIONS; wait++) {
      Thread.sleep(100);
    }
    Random random = new Random();
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 12);
    TwoStepTradeHistory.Expected expected = new TwoStepTradeHistory.Expected();
    flaky.losingAcknowledgement.set(true); // the first acknowledgement, then nothing on it again
    for (int i = 0; i < 20; i++) {
      Trade trade = TwoStepTradeHistory.trade(random, accounts);
      expected.add(trade);
      assertThat(booked(w, "t" + i, trade)).as("t" + i).isEqualTo("booked");
    }

    awaitDrained(accounts, expected); // the lost acknowledgement's legs leave the stored outbox
    assertThat(flaky.lost.get()).as("an acknowledgement was lost").isEqualTo(1);
    assertThat(w.partitions()).hasSize(PARTITIONS);
  }

  /** The store, but its next commit fails, or is answered as written and dropped, when told. */
  private static final class FlakyStore implements PartitionStore {
    final java.util.concurrent.atomic.AtomicBoolean failing =
        new java.util.concurrent.atomic.AtomicBoolean();
    final java.util.concurrent.atomic.AtomicBoolean losing =
        new java.util.concurrent.atomic.AtomicBoolean();
    final java.util.concurrent.atomic.AtomicBoolean losingAcknowledgement =
        new java.util.concurrent.atomic.AtomicBoolean();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger lost = new AtomicInteger();
    private final PartitionStore store;

    FlakyStore(PartitionStore store) {
      this.store = store;
    }

    @Override
    public long takeOver(int partition) {
      return store.takeOver(partition);
    }

    @Override
    public PartitionState load(int partition) {
      return store.load(partition);
    }

    @Override
    public List<PartitionState> loadAll(int partitions) {
      return store.loadAll(partitions);
    }

    @Override
    public List<io.omnimargin.margin.account.Account> accounts(int partitions) {
      return store.accounts(partitions);
    }

    @Override
    public StoredLedger ledger(int partitions) {
      return store.ledger(partitions);
    }

    @Override
    public java.util.Map<Integer, io.omnimargin.margin.account.Account> accountsAt(
        java.util.Map<Integer, Address> where) {
      return store.accountsAt(where);
    }

    @Override
    public java.util.Map<Integer, Mark> marks(java.util.Collection<Integer> partitions) {
      return store.marks(partitions);
    }

    @Override
    public StoredAccount account(int partition, io.omnimargin.protocol.types.Address owner) {
      return store.account(partition, owner);
    }

    @Override
    public java.util.Set<String> applied(int partition, java.util.Collection<String> legKeys) {
      return store.applied(partition, legKeys);
    }

    @Override
    public FundingDecision decideFunding(String market, long end, FundingDecision proposed) {
      return store.decideFunding(market, end, proposed);
    }

    @Override
    public java.util.Optional<FundingDecision> decided(String market, long intervalEnd) {
      return store.decided(market, intervalEnd);
    }

    @Override
    public List<java.util.Map<String, String>> fundingBooks(int partitions) {
      return store.fundingBooks(partitions);
    }

    @Override
    public boolean commit(long epoch, PartitionCommit commit) {
      // a commit of a step's changes to accounts (not an acknowledgement of legs alone)
      if (!commit.accounts().isEmpty() && failing.compareAndSet(true, false)) {
        failed.incrementAndGet();
        throw new IllegalStateException("the store is unreachable");
      }
      // a commit that sends legs elsewhere: its partition commits again (their acknowledgement),
      // which finds the loss. One lost with nothing after it would go unseen until the partition's
      // next command, which a test that ends may never send (a fresh-clone CI run lost one such)
      if (!commit.outboxAdded().isEmpty() && losing.compareAndSet(true, false)) {
        lost.incrementAndGet();
        return true;
      }
      // an acknowledgement only (legs dropped from the outbox, nothing else): the last commit of a
      // partition that then stays idle
      if (commit.outboxAdded().isEmpty()
          && !commit.outboxRemoved().isEmpty()
          && commit.accounts().isEmpty()
          && losingAcknowledgement.compareAndSet(true, false)) {
        lost.incrementAndGet();
        return true;
      }
      return store.commit(epoch, commit);
    }
  }

  @Test
  void aReplicaSetForAnotherNumberOfPartitionsDoesNotStart() {
    writer("w1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                PartitionWriter.start(
                    writers.settings("w2"),
                    new LedgerPartitioner(PARTITIONS + 1),
                    shards,
                    store,
                    "w2-" + UUID.randomUUID(),
                    SESSION))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has " + PARTITIONS + " partitions");
  }

  @Test
  @Timeout(60)
  void aReplicaIsAnsweredByTheOwnerOnceTheOwnerHasCommitted() throws Exception {
    PartitionWriter w1 = writer("w1");
    PartitionWriter w2 = writer("w2");
    Writers.awaitAssigned(w1, w2, PARTITIONS);
    Random random = new Random();
    Address taker;
    do {
      taker = TwoStepTradeHistory.accounts(random, 1).get(0);
    } while (!w2.partitions().contains(partitioner.of(taker)));
    Address maker = TwoStepTradeHistory.accounts(random, 1).get(0);
    Trade trade =
        new Trade(
            "ETH-PERP",
            taker,
            maker,
            io.omnimargin.margin.fixed.Wad.ONE,
            io.omnimargin.margin.fixed.Wad.ONE.multiply(java.math.BigInteger.valueOf(3_000)),
            java.math.BigInteger.ZERO,
            java.math.BigInteger.ZERO);

    assertThat(w1.submit("t1", trade).get(10, TimeUnit.SECONDS)).isEqualTo("booked");
    assertThat(store.load(partitioner.of(taker)).account(taker).position("ETH-PERP").size())
        .as("committed before the answer")
        .isEqualTo(io.omnimargin.margin.fixed.Wad.ONE);
    assertThat(w2.submit("t1", trade).get(10, TimeUnit.SECONDS))
        .as("the same trade again: answered, not booked twice")
        .isEqualTo("booked");
    assertThat(store.load(partitioner.of(taker)).account(taker).position("ETH-PERP").size())
        .isEqualTo(io.omnimargin.margin.fixed.Wad.ONE);
  }

  @Test
  @Timeout(60)
  void aCommandAskedOnTheReplicaThatWritesItsPartitionIsAppliedThereWithoutTheLog()
      throws Exception {
    PartitionWriter w1 = writer("w1");
    PartitionWriter w2 = writer("w2");
    Writers.awaitAssigned(w1, w2, PARTITIONS);
    Random random = new Random();
    Address taker;
    Address maker;
    do {
      taker = TwoStepTradeHistory.accounts(random, 1).get(0);
      maker = TwoStepTradeHistory.accounts(random, 1).get(0);
    } while (!w2.partitions().contains(partitioner.of(taker))
        || partitioner.of(maker) != partitioner.of(taker));
    int p = partitioner.of(taker);
    Trade trade =
        new Trade(
            "ETH-PERP",
            taker,
            maker,
            Wad.ONE,
            Wad.ONE.multiply(BigInteger.valueOf(3_000)),
            BigInteger.ZERO,
            BigInteger.ZERO);

    assertThat(w2.submit("t1", trade).get(10, TimeUnit.SECONDS)).isEqualTo("booked");
    assertThat(writers.logEnd(p)).as("asked on its writer: nothing produced").isZero();
    w2.publish(
            PartitionCommand.Release.ofUnanswered(
                taker, OrderId.parse("0x" + "0c".repeat(32)), Reservation.newRequest(0)))
        .get(10, TimeUnit.SECONDS);
    assertThat(writers.logEnd(p))
        .as("a release naming a request goes through the log, after that request's reserve")
        .isEqualTo(1);
    assertThat(store.load(p).account(taker).position("ETH-PERP").size())
        .as("committed before the answer")
        .isEqualTo(Wad.ONE);
    assertThat(store.load(p).account(maker).position("ETH-PERP").size())
        .as("both sides on the partition, in the same step")
        .isEqualTo(Wad.ONE.negate());
    assertThat(w2.submit("t1", trade).get(10, TimeUnit.SECONDS)).isEqualTo("booked");
    assertThat(w1.submit("t1", trade).get(10, TimeUnit.SECONDS))
        .as("the same trade through the log, from the other replica")
        .isEqualTo("booked");
    assertThat(writers.logEnd(p)).isEqualTo(2);
    assertThat(store.load(p).account(taker).position("ETH-PERP").size())
        .as("booked once, asked three times")
        .isEqualTo(Wad.ONE);

    w2.close(); // the partition moves to w1
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(w1.partitions().contains(p) && w1.ready())) {
      assertThat(System.nanoTime()).as("w1 writes the partition").isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(w1.submit("t2", trade).get(30, TimeUnit.SECONDS)).isEqualTo("booked");
    assertThat(writers.logEnd(p))
        .as("w1 writes it now: asked there, nothing produced")
        .isEqualTo(2);
    assertThat(store.load(p).account(taker).position("ETH-PERP").size())
        .isEqualTo(Wad.ONE.multiply(BigInteger.TWO));
  }

  @Test
  @Timeout(90)
  void collateralReservedThroughOneReplicaCannotBeReservedAgainThroughAnother() throws Exception {
    PartitionWriter w1 = writer("w1", store, ReservationHistory.pricedEngines());
    PartitionWriter w2 = writer("w2", store, ReservationHistory.pricedEngines());
    Writers.awaitAssigned(w1, w2, PARTITIONS);
    Random random = new Random();
    Address owner;
    do {
      owner = TwoStepTradeHistory.accounts(random, 1).get(0);
    } while (!w2.partitions().contains(partitioner.of(owner)));
    BigInteger tenth = Wad.ONE.divide(BigInteger.TEN);
    assertThat(
            w1.submit(new PartitionCommand.ProvenBalance(owner, ReservationHistory.ETH, Wad.ONE))
                .get(10, TimeUnit.SECONDS))
        .isEqualTo("credited");

    // ten withdrawals of 0.3 ETH of the 1 ETH, sent at once through both replicas
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Reservation r =
          new Reservation(
              owner,
              OrderId.parse(String.format("0x%064x", 100 + i)),
              new ProposedChange.Withdrawal(
                  ReservationHistory.ETH, tenth.multiply(BigInteger.valueOf(3))));
      answers.add((i % 2 == 0 ? w1 : w2).submit(new PartitionCommand.Reserve(r)));
    }
    List<String> outcomes = new ArrayList<>();
    for (CompletableFuture<String> a : answers) {
      outcomes.add(a.get(10, TimeUnit.SECONDS));
    }
    assertThat(outcomes).filteredOn("accepted"::equals).hasSize(3);
    assertThat(outcomes)
        .filteredOn(o -> o.startsWith("refused: insufficient-balance after "))
        .hasSize(7);
    assertThat(store.load(partitioner.of(owner)).reservations()).hasSize(3);

    w2.close(); // its partitions move to w1, which loads the reservations with the accounts
    Reservation another =
        new Reservation(
            owner,
            OrderId.parse(String.format("0x%064x", 200)),
            new ProposedChange.Withdrawal(ReservationHistory.ETH, tenth.multiply(BigInteger.TWO)));
    assertThat(w1.submit(new PartitionCommand.Reserve(another)).get(30, TimeUnit.SECONDS))
        .startsWith("refused: insufficient-balance after ");
    assertThat(w1.partitions()).contains(partitioner.of(owner));
  }

  /**
   * Sends the trade until an owner answers: an answer lost with an owner that died after its commit
   * never comes, and the same trade id sent again is booked once.
   */
  private static String booked(PartitionWriter via, String tradeId, Trade trade) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return via.submit(tradeId, trade).get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException lost) {
        if (attempt == 3) {
          throw lost;
        }
      }
    }
  }

  private PartitionWriter writer(String name) {
    return writer(name, store);
  }

  private PartitionWriter writer(String name, PartitionStore in) {
    return writer(name, in, PartitionEngines.unpriced(() -> System.currentTimeMillis() / 1000));
  }

  private PartitionWriter writer(String name, PartitionStore in, PartitionEngines engines) {
    return writers.start(name, in, engines);
  }

  /** Reads the whole ledger at one instant, again and again, and checks that it balances. */
  private Thread reader(AtomicReference<Throwable> unbalanced, AtomicInteger reads) {
    Thread reader =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted() && unbalanced.get() == null) {
                try {
                  TwoStepTradeHistory.assertBalanced(
                      PartitionedLedgerView.summary(store.loadAll(PARTITIONS), shards),
                      "read " + reads.incrementAndGet());
                } catch (Throwable e) {
                  unbalanced.set(e);
                }
              }
            },
            "ledger-reader");
    reader.start();
    return reader;
  }

  /** Until every trade is booked on both sides (or the check's own failure after 60 s). */
  private void awaitDrained(List<Address> accounts, TwoStepTradeHistory.Expected expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        List<PartitionState> all = store.loadAll(PARTITIONS);
        assertThat(all).allMatch(p -> p.outbox().isEmpty());
        TwoStepTradeHistory.assertBookedOnce(all, shards, partitioner, accounts, expected);
        return;
      } catch (AssertionError notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(100);
      }
    }
  }
}
