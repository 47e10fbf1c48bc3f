package io.omnimargin.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.cluster.partition.OutboundLeg;
import io.omnimargin.cluster.partition.PartitionCommit;
import io.omnimargin.cluster.partition.PartitionState;
import io.omnimargin.cluster.partition.PartitionStore;
import io.omnimargin.cluster.partition.Reservation;
import io.omnimargin.cluster.partition.ReservationHistory;
import io.omnimargin.cluster.partition.TwoStepTradeHistory;
import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ledger partitions in a real redis-server: the random histories of the partition store's contract
 * (crashes before commits, fenced former owners, legs relayed again and again) balance at every
 * step and book each trade once, read back through the store's scripts, and what one client commits
 * another reads whole.
 */
class RedisPartitionStoreTest {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();

  private static final Address A = Address.parse("0x00000000000000000000000000000000000000a1");

  @Test
  void randomHistoriesOfTwoStepTradesBalanceAndBookEachTradeOnce() {
    histories(12, 6, TwoStepTradeHistory::check);
  }

  @Test
  void randomHistoriesOfReservationsHoldNoCollateralTwiceAndKeepEveryAcceptedOne() {
    histories(8, 4, ReservationHistory::check);
  }

  /** A history of the partitioned ledger, checked over a store. */
  private interface History {
    void check(long seed, int partitions, PartitionStore store);
  }

  /** {@code runs} random histories on 1 to {@code partitions} partitions, each on fresh keys. */
  private static void histories(int runs, int partitions, History history) {
    java.util.Random seeds = new java.util.Random();
    for (int run = 0; run < runs; run++) {
      long seed = seeds.nextLong();
      int count = 1 + run % partitions;
      try {
        history.check(
            seed, count, new RedisPartitionStore(redis.commands(), LocalRedis.freshPrefix()));
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ", " + count + " partitions", e);
      }
    }
  }

  @Test
  void aCommitIsReadWholeByAnotherClientAndAFencedOneChangesNothing() {
    String prefix = LocalRedis.freshPrefix();
    RedisPartitionStore owner = new RedisPartitionStore(redis.commands(), prefix);
    long epoch = owner.takeOver(5);
    TradeLeg leg =
        new TradeLeg(
            "t1", A, "ETH-PERP", BigInteger.ONE, BigInteger.TEN, BigInteger.ZERO, BigInteger.TWO);
    Account account = Account.empty(A).withCash(BigInteger.TEN);
    Reservation held =
        new Reservation(
            A,
            OrderId.parse("0x" + "ab".repeat(32)),
            new ProposedChange.Order(
                "ETH-PERP", true, BigInteger.TEN, BigInteger.valueOf(3_000), false));
    assertThat(
            owner.commit(
                epoch,
                new PartitionCommit(
                    5,
                    -1,
                    41,
                    Map.of(A, account),
                    Map.of("t0/" + A.toLowerHex(), 1_800_000_000L),
                    Map.of(leg.key(), new OutboundLeg(9, leg)),
                    Set.of(),
                    Map.of(held.key(), held),
                    Set.of(),
                    Map.of("open/ETH-PERP", "5:15000", "closed/ETH-PERP/3600", "2:6000"),
                    0)))
        .isTrue();

    RedisPartitionStore other = new RedisPartitionStore(redis.otherClient(), prefix);
    PartitionState read = other.load(5);
    assertThat(read)
        .isEqualTo(
            new PartitionState(
                5,
                41,
                Map.of(A, account),
                Map.of("t0/" + A.toLowerHex(), 1_800_000_000L),
                Map.of(leg.key(), new OutboundLeg(9, leg)),
                Map.of(held.key(), held),
                Map.of("open/ETH-PERP", "5:15000", "closed/ETH-PERP/3600", "2:6000")));
    assertThat(other.accounts(6)).as("the risk monitor's scan").containsExactly(account);
    Address none = Address.parse("0x00000000000000000000000000000000000000b2");
    assertThat(other.accountsAt(Map.of(5, A, 4, none)))
        .containsExactlyInAnyOrderEntriesOf(Map.of(5, account, 4, Account.empty(none)));
    assertThat(other.marks(java.util.List.of(5, 4)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                5, new PartitionStore.Mark(41, Set.of(leg.key())),
                4, new PartitionStore.Mark(-1, Set.of())));
    assertThat(other.fundingBooks(6).get(5)).isEqualTo(read.funding());
    assertThat(other.fundingBooks(6).get(4)).isEmpty();

    assertThat(other.applied(5, java.util.List.of("t0/" + A.toLowerHex(), leg.key())))
        .containsExactly("t0/" + A.toLowerHex());
    other.takeOver(5);
    PartitionCommit late =
        new PartitionCommit(
            5,
            41,
            42,
            Map.of(),
            Map.of(),
            Map.of(),
            Set.of(leg.key()),
            Map.of(),
            Set.of(held.key()),
            Map.of("closed/ETH-PERP/3600", ""),
            0);
    assertThat(owner.commit(epoch, late)).as("fenced").isFalse();
    assertThat(other.load(5)).isEqualTo(read);
    assertThat(other.load(6)).isEqualTo(PartitionState.empty(6));
  }

  @Test
  void aFundingFieldSetEmptyIsRemovedAndTheFirstDecisionOfAnIntervalIsKept() {
    String prefix = LocalRedis.freshPrefix();
    RedisPartitionStore store = new RedisPartitionStore(redis.commands(), prefix);
    long epoch = store.takeOver(1);
    Map<String, String> closed = Map.of("closed/BTC-PERP/7200", "1:60000");
    assertThat(store.commit(epoch, commit(1, -1, 0, Map.of(), Map.of(), closed, 0))).isTrue();
    assertThat(
            store.commit(
                epoch,
                commit(
                    1,
                    0,
                    1,
                    Map.of(),
                    Map.of(),
                    Map.of("closed/BTC-PERP/7200", "", "settled/BTC-PERP/7200", "60000:5"),
                    0)))
        .isTrue();
    assertThat(store.load(1).funding()).containsOnlyKeys("settled/BTC-PERP/7200");

    PartitionStore.FundingDecision first =
        new PartitionStore.FundingDecision(BigInteger.valueOf(60_000), BigInteger.valueOf(5));
    RedisPartitionStore other = new RedisPartitionStore(redis.otherClient(), prefix);
    assertThat(other.decided("BTC-PERP", 7200)).isEmpty();
    assertThat(store.decideFunding("BTC-PERP", 7200, first)).isEqualTo(first);
    assertThat(
            other.decideFunding(
                "BTC-PERP",
                7200,
                new PartitionStore.FundingDecision(BigInteger.ONE, BigInteger.TWO)))
        .as("a second clock's proposal: the first decision stands")
        .isEqualTo(first);
    assertThat(other.decided("BTC-PERP", 7200)).contains(first);
  }

  @Test
  void appliedKeysOlderThanACommitsHorizonAreForgotten() {
    RedisPartitionStore store = new RedisPartitionStore(redis.commands(), LocalRedis.freshPrefix());
    long epoch = store.takeOver(3);
    Map<String, Long> first = Map.of("t1/a", 1_000L, "t2/a", 2_000L);
    assertThat(store.commit(epoch, commit(3, -1, 0, Map.of(), first, Map.of(), 0))).isTrue();
    assertThat(
            store.commit(epoch, commit(3, 0, 1, Map.of(), Map.of("t3/a", 3_000L), Map.of(), 2_000)))
        .isTrue();

    assertThat(store.load(3).appliedLegs())
        .as("forgotten before the horizon, kept from it on")
        .isEqualTo(Map.of("t2/a", 2_000L, "t3/a", 3_000L));
    assertThat(store.applied(3, java.util.List.of("t1/a", "t2/a", "t3/a")))
        .containsExactlyInAnyOrder("t2/a", "t3/a");
  }

  @Test
  void aCommitThatDoesNotFollowTheStoredOffsetIsRefusedAsADivergedStore() {
    RedisPartitionStore store = new RedisPartitionStore(redis.commands(), LocalRedis.freshPrefix());
    long epoch = store.takeOver(2);
    Account account = Account.empty(A).withCash(BigInteger.ONE);
    PartitionCommit first = commit(2, -1, 0, Map.of(A, account), Map.of(), Map.of(), 0);
    assertThat(store.commit(epoch, first)).isTrue();

    // as after a failover that lost offsets 1 to 4: the owner goes on from 4, the store holds 0
    PartitionCommit past =
        commit(2, 4, 5, Map.of(A, account.withCash(BigInteger.TEN)), Map.of(), Map.of(), 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.commit(epoch, past))
        .isInstanceOf(io.omnimargin.cluster.partition.PartitionStore.DivergedStore.class)
        .hasMessageContaining("holds offset 0");
    assertThat(store.load(2).offset()).isZero();
    assertThat(store.load(2).account(A)).isEqualTo(account);
  }

  @Test
  void oneAccountIsReadWithItsOwnReservationsAsTheInMemoryStoreReadsIt() {
    Address b = Address.parse("0x00000000000000000000000000000000000000b2");
    Address unknown = Address.parse("0x00000000000000000000000000000000000000c3");
    Map<String, Reservation> held = new java.util.HashMap<>();
    for (int i = 0; i < 1_200; i++) { // more than one page of the script's scan
      Address account = i % 400 == 7 ? A : b;
      Reservation r =
          new Reservation(
              account,
              OrderId.parse(String.format("0x%064x", i)),
              new ProposedChange.Withdrawal(
                  new io.omnimargin.margin.risk.CollateralKey(1, "ETH"),
                  BigInteger.valueOf(i + 1)));
      held.put(r.key(), r);
    }
    PartitionCommit commit =
        new PartitionCommit(
            3,
            -1,
            0,
            Map.of(A, Account.empty(A).withCash(BigInteger.TEN)),
            Map.of(),
            Map.of(),
            Set.of(),
            held,
            Set.of(),
            Map.of(),
            0);
    RedisPartitionStore redisStore =
        new RedisPartitionStore(redis.commands(), LocalRedis.freshPrefix());
    io.omnimargin.cluster.partition.InMemoryPartitionStore memory =
        new io.omnimargin.cluster.partition.InMemoryPartitionStore();
    for (PartitionStore store : java.util.List.<PartitionStore>of(redisStore, memory)) {
      assertThat(store.commit(store.takeOver(3), commit)).isTrue();
    }

    PartitionStore.StoredAccount a = redisStore.account(3, A);
    assertThat(a.account()).isEqualTo(Account.empty(A).withCash(BigInteger.TEN));
    assertThat(a.reservations())
        .extracting(Reservation::intent)
        .containsExactlyInAnyOrder(
            OrderId.parse(String.format("0x%064x", 7)),
            OrderId.parse(String.format("0x%064x", 407)),
            OrderId.parse(String.format("0x%064x", 807)));
    assertThat(a.reservations())
        .containsExactlyInAnyOrderElementsOf(memory.account(3, A).reservations());
    assertThat(redisStore.account(3, b).account()).isEqualTo(Account.empty(b));
    assertThat(redisStore.account(3, b).reservations()).hasSize(1_197);
    assertThat(redisStore.account(3, unknown))
        .isEqualTo(new PartitionStore.StoredAccount(Account.empty(unknown), java.util.List.of()));
    assertThat(memory.account(3, unknown)).isEqualTo(redisStore.account(3, unknown));
  }

  /** A commit of accounts, applied keys and funding fields only (no outbox, no reservations). */
  private static PartitionCommit commit(
      int partition,
      long follows,
      long offset,
      Map<Address, Account> accounts,
      Map<String, Long> applied,
      Map<String, String> funding,
      long pruneBefore) {
    return new PartitionCommit(
        partition,
        follows,
        offset,
        accounts,
        applied,
        Map.of(),
        Set.of(),
        Map.of(),
        Set.of(),
        funding,
        pruneBefore);
  }
}
