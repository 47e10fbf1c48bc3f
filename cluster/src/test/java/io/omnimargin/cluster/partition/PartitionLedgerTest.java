package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.cluster.partition.PartitionedCluster.Answered;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worked example of docs/cluster.md, step by step, and the rules each step keeps. */
class PartitionLedgerTest {
  private static final BigInteger ETH = Wad.ONE;
  private static final BigInteger PRICE = Wad.ONE.multiply(BigInteger.valueOf(3_000));
  private static final BigInteger FEE =
      Wad.ONE.multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO);

  private final PartitionedCluster cluster = new PartitionedCluster(24);
  private final Address trader = onPartition(3);
  private final Address solver = onPartition(17);
  private final Trade buysOneEth =
      new Trade("ETH-PERP", trader, solver, ETH, PRICE, BigInteger.ZERO, FEE);

  @Test
  void aTradeAcrossTwoPartitionsIsBookedInTwoStepsAndBalancesInBetween() {
    cluster.produce(3, new PartitionCommand.BookTrade("t1", buysOneEth));
    cluster.step(3);

    PartitionState three = cluster.store.load(3);
    assertThat(three.account(trader).position("ETH-PERP").size()).isEqualTo(ETH);
    assertThat(three.account(trader).cash()).isEqualTo(FEE.negate());
    assertThat(three.account(cluster.shards.feePool(3)).cash()).isEqualTo(FEE);
    assertThat(three.outbox()).containsOnlyKeys("t1/" + solver.toLowerHex());
    assertThat(cluster.store.load(17).accounts()).isEmpty();
    assertThat(cluster.summary().balanced()).as("the solver's side counted in flight").isTrue();

    cluster.takeOver(3); // replica 1 dies; its successor relays what it finds in the outbox
    cluster.relay(3);
    cluster.relay(3);
    cluster.step(17);
    cluster.step(17);

    PartitionState seventeen = cluster.store.load(17);
    assertThat(seventeen.offset()).isEqualTo(1);
    assertThat(seventeen.account(solver).position("ETH-PERP").size()).isEqualTo(ETH.negate());
    assertThat(cluster.summary().balanced()).isTrue();

    cluster.acknowledge(3);
    assertThat(cluster.store.load(3).outbox()).isEmpty();
    assertThat(cluster.summary().balanced()).isTrue();
  }

  @Test
  void aTradeWithinOnePartitionIsBookedInOneStep() {
    Address other = onPartition(3, trader);
    cluster.produce(
        3,
        new PartitionCommand.BookTrade(
            "t1", new Trade("ETH-PERP", trader, other, ETH, PRICE, BigInteger.ZERO, FEE)));
    cluster.step(3);

    PartitionState three = cluster.store.load(3);
    assertThat(three.outbox()).isEmpty();
    assertThat(three.account(other).position("ETH-PERP").size()).isEqualTo(ETH.negate());
    assertThat(cluster.summary().balanced()).isTrue();
  }

  @Test
  void anOffsetAFormerOwnerCommittedIsNotAppliedAgain() {
    cluster.produce(3, new PartitionCommand.BookTrade("t1", buysOneEth));
    cluster.step(3);
    PartitionLedger successor =
        new PartitionLedger(cluster.store.load(3), cluster.partitioner, cluster.shards);

    assertThat(successor.apply(0, new PartitionCommand.BookTrade("t1", buysOneEth))).isEmpty();
    assertThat(successor.state().account(trader).position("ETH-PERP").size()).isEqualTo(ETH);
  }

  @Test
  void aLegRelayedTwiceIsAppliedOnceButItsOffsetIsStillCommitted() {
    PartitionLedger seventeen =
        new PartitionLedger(PartitionState.empty(17), cluster.partitioner, cluster.shards);
    var leg = buysOneEth.legs("t1", cluster.shards.feePool(3)).get(1);

    Optional<PartitionCommit> first =
        seventeen.apply(0, new PartitionCommand.ApplyLeg(leg)).map(PartitionLedger.Applied::commit);
    Optional<PartitionCommit> again =
        seventeen.apply(1, new PartitionCommand.ApplyLeg(leg)).map(PartitionLedger.Applied::commit);

    assertThat(first.orElseThrow().accounts()).containsOnlyKeys(solver);
    assertThat(again.orElseThrow().accounts()).isEmpty();
    assertThat(again.orElseThrow().offset()).isEqualTo(1);
    assertThat(seventeen.state().account(solver).position("ETH-PERP").size())
        .isEqualTo(ETH.negate());
  }

  @Test
  void aPartitionForgetsTheKeysItAppliedOnceTheyAreAWeekOld() {
    var leg = buysOneEth.legs("t1", cluster.shards.feePool(3)).get(1);
    cluster.produce(17, new PartitionCommand.ApplyLeg(leg));
    cluster.step(17);
    cluster.advanceClock(PartitionLedger.KEYS_KEPT_SECONDS - 1);
    cluster.produce(17, new PartitionCommand.ApplyLeg(leg)); // relayed again within the week
    cluster.step(17);
    assertThat(cluster.store.load(17).account(solver).position("ETH-PERP").size())
        .isEqualTo(ETH.negate());
    assertThat(cluster.store.load(17).appliedLegs()).containsKey(leg.key());

    cluster.advanceClock(2);
    cluster.produce(
        17,
        new PartitionCommand.ProvenBalance(
            solver, new io.omnimargin.margin.risk.CollateralKey(1, "ETH"), ETH));
    cluster.step(17); // any commit forgets what is older than the week

    assertThat(cluster.store.load(17).appliedLegs()).doesNotContainKey(leg.key());
    assertThat(
            new PartitionLedger(cluster.store.load(17), cluster.partitioner, cluster.shards)
                .state()
                .appliedLegs())
        .as("only the proof's own key, a second old")
        .hasSize(1)
        .doesNotContainKey(leg.key());
  }

  @Test
  void whatTheEngineChangesBetweenCommandsIsCommittedWithTheNextBatch() {
    InMemoryPartitionStore store = new InMemoryPartitionStore();
    long epoch = store.takeOver(3);
    PartitionLedger three = new PartitionLedger(store.load(3), cluster.partitioner, cluster.shards);
    assertThat(three.between()).isEmpty();

    three.engine().onCash(trader, ETH, "as a price tick's liquidation would, from its thread");
    PartitionCommit between = three.between().orElseThrow();

    assertThat(between.accounts()).containsOnlyKeys(trader);
    assertThat(between.offset()).isEqualTo(between.follows()).isEqualTo(-1);
    assertThat(store.commit(epoch, between)).isTrue();
    assertThat(store.load(3).account(trader).cash()).isEqualTo(ETH);
    assertThat(three.between()).isEmpty();
  }

  @Test
  void anEngineChangeToAnotherPartitionsAccountCannotReachACommit() {
    PartitionLedger three =
        new PartitionLedger(PartitionState.empty(3), cluster.partitioner, cluster.shards);
    three.engine().onCash(trader, ETH, "its own account");
    three.engine().onCash(cluster.shards.insuranceFund(3), ETH, "its own insurance shard");
    assertThat(three.between()).isPresent();

    // one operation over a local account and a foreign one (a desk's takeover by a solver, say)
    assertThatThrownBy(() -> three.engine().onTransfer(trader, solver, ETH, "takeover"))
        .isInstanceOf(PartitionLedger.ForeignAccount.class)
        .hasMessageContaining(solver.toString());
    assertThatThrownBy(three::between)
        .as("poisoned: not even the local half is committed, now or later")
        .isInstanceOf(PartitionLedger.ForeignAccount.class);
    assertThatThrownBy(() -> three.apply(0, new PartitionCommand.BookTrade("t1", buysOneEth)))
        .isInstanceOf(PartitionLedger.ForeignAccount.class);
  }

  @Test
  void aReservationTheEngineDroppedBetweenCommandsIsDroppedFromTheStoreToo() {
    InMemoryPartitionStore store = new InMemoryPartitionStore();
    long epoch = store.takeOver(3);
    PartitionLedger three = new PartitionLedger(store.load(3), cluster.partitioner, cluster.shards);
    io.omnimargin.protocol.types.OrderId intent =
        io.omnimargin.protocol.types.OrderId.parse("0x" + "5a".repeat(32));
    Reservation held =
        new Reservation(
            trader,
            intent,
            new io.omnimargin.margin.decision.ProposedChange.Withdrawal(
                new io.omnimargin.margin.risk.CollateralKey(1, "ETH"), BigInteger.ONE));
    three
        .engine()
        .onCollateralBalance(
            trader, new io.omnimargin.margin.risk.CollateralKey(1, "ETH"), ETH, "proof");
    three.between().ifPresent(c -> assertThat(store.commit(epoch, c)).isTrue());
    PartitionCommit reserved =
        three.apply(0, new PartitionCommand.Reserve(held)).orElseThrow().commit();
    assertThat(reserved.reserved()).containsOnlyKeys(held.key());
    assertThat(store.commit(epoch, reserved)).isTrue();

    // as a liquidation on a price tick does: the engine drops the account's reservations
    three.engine().release(trader, intent);
    three.engine().onCash(trader, ETH, "the liquidation's changes");
    PartitionCommit between = three.between().orElseThrow();

    assertThat(between.released()).containsExactly(held.key());
    assertThat(store.commit(epoch, between)).isTrue();
    assertThat(store.load(3).reservations()).isEmpty();
  }

  @Test
  void aReserveAskedBeforeTheOneThatHoldsTheMarginDoesNotTakeItOverThoughAppliedAfter() {
    PartitionLedger three =
        new PartitionLedger(PartitionState.empty(3), cluster.partitioner, cluster.shards);
    CollateralKey eth = new CollateralKey(1, "ETH");
    three.engine().onCollateralBalance(trader, eth, ETH, "proof");
    three.between();
    io.omnimargin.protocol.types.OrderId intent =
        io.omnimargin.protocol.types.OrderId.parse("0x" + "5b".repeat(32));
    io.omnimargin.margin.decision.ProposedChange change =
        new io.omnimargin.margin.decision.ProposedChange.Withdrawal(eth, BigInteger.ONE);
    String first = Reservation.newRequest(1_800_000_000_000L); // timed out, then released
    String again = Reservation.newRequest(1_800_000_005_000L); // the wallet sent it again
    String later = Reservation.newRequest(1_800_000_009_000L);

    // the one asked again, on the partition's writer, is applied before the first, from the log
    assertThat(
            three
                .applyHere(
                    new PartitionCommand.Reserve(new Reservation(trader, intent, change, again)))
                .outcome())
        .isEqualTo("accepted");
    assertThat(
            three
                .apply(
                    0, new PartitionCommand.Reserve(new Reservation(trader, intent, change, first)))
                .orElseThrow()
                .outcome())
        .as("asked before the holder: not accepted, it may ask again")
        .isEqualTo("refused: ledger-unavailable");
    three.apply(1, PartitionCommand.Release.ofUnanswered(trader, intent, first));

    String key = Reservation.key(trader, intent);
    assertThat(three.state().reservations().get(key))
        .as("held for the request answered last, which the release of the first does not name")
        .isNotNull()
        .extracting(Reservation::request)
        .isEqualTo(again);
    three.apply(2, new PartitionCommand.Reserve(new Reservation(trader, intent, change, later)));
    assertThat(three.state().reservations().get(key).request())
        .as("a later ask takes it over")
        .isEqualTo(later);
    assertThat(Reservation.askedBefore("3f2a9c1e-0000-4000-8000-000000000000", first))
        .as("an id of an earlier version says nothing: it takes over as before")
        .isFalse();
  }

  @Test
  void aSettlementForgetsTheDecisionsOfIntervalsOlderThanTheKeysKept() {
    long first = 1_800_003_600L;
    long later = first + PartitionLedger.KEYS_KEPT_SECONDS + 7_200;
    for (long end : java.util.List.of(first, first + 3_600, later)) {
      cluster.produce(3, new PartitionCommand.CloseFunding(3, "ETH-PERP", end));
      cluster.produce(
          3, new PartitionCommand.SettleFunding(3, "ETH-PERP", end, PRICE, BigInteger.ZERO));
      cluster.step(3);
      cluster.step(3);
    }
    java.util.Map<String, String> book = cluster.store.load(3).funding();
    assertThat(book)
        .containsKey(FundingFields.settled("ETH-PERP", later))
        .doesNotContainKeys(
            FundingFields.settled("ETH-PERP", first),
            FundingFields.settled("ETH-PERP", first + 3_600));
  }

  @Test
  void aCommandAboutAnotherPartitionsAccountIsRefused() {
    PartitionLedger seventeen =
        new PartitionLedger(PartitionState.empty(17), cluster.partitioner, cluster.shards);

    assertThatThrownBy(() -> seventeen.apply(0, new PartitionCommand.BookTrade("t1", buysOneEth)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account's partition");
  }

  @Test
  void aSystemAccountsShardIsOnItsOwnPartitionAndNoCommandTradesOrHoldsForIt() {
    Address insurance = cluster.shards.insuranceFund(17);
    assertThat(cluster.partitioner.of(insurance)).isEqualTo(17);
    assertThat(cluster.partitioner.of(cluster.shards.settlementPool(0))).isZero();
    assertThat(new LedgerPartitioner(24).of(insurance))
        .as("without the system accounts known, a shard hashes as any address")
        .isNotEqualTo(17);
    PartitionLedger ledger = cluster.owner(17);
    Address trader = onPartition(17);
    for (PartitionCommand command :
        java.util.List.of(
            new PartitionCommand.BookTrade(
                "t1", new Trade("ETH-PERP", insurance, trader, ETH, PRICE, BigInteger.ZERO, FEE)),
            new PartitionCommand.BookTrade(
                "t2", new Trade("ETH-PERP", trader, insurance, ETH, PRICE, BigInteger.ZERO, FEE)),
            new PartitionCommand.Release(
                insurance, io.omnimargin.protocol.types.OrderId.parse("0x" + "ab".repeat(32))),
            new PartitionCommand.MoveCash(insurance, SystemShards.Role.FEE_POOL, PRICE, "r1"))) {
      assertThatThrownBy(() -> ledger.apply(0, command))
          .as("%s", command)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("system accounts");
    }
    assertThat(ledger.state().accounts()).isEmpty();
    assertThat(cluster.shards.isSystem(trader)).isFalse();

    PartitionCommand elsewhere =
        new PartitionCommand.ProvenBalance(insurance, new CollateralKey(1, "ETH"), ETH, "r2");
    assertThatThrownBy(() -> cluster.owner(3).apply(0, elsewhere))
        .as("a shard's tokens are proven on its own partition only")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTreasurysTokensAreProvenAndAdjustedOnPartitionZeroAndAreNotCash() {
    // the settlement pool itself (shard 0) holds what the treasury deposits: cash payouts draw on
    // it, so the margin gate reads its lines wherever the pool's cash shards are
    Address pool = cluster.shards.settlementPool(0);
    CollateralKey usdc = new CollateralKey(42161, "USDC");
    BigInteger thousand = BigInteger.valueOf(1_000_000_000L);
    cluster.produce(0, new PartitionCommand.ProvenBalance(pool, usdc, thousand, "deposit-1"));
    cluster.produce(0, new PartitionCommand.ProvenBalance(pool, usdc, thousand, "deposit-1"));
    cluster.produce(
        0,
        new PartitionCommand.AdjustCollateral(
            pool, usdc, BigInteger.valueOf(-250_000_000L), "release-1"));
    cluster.produce(
        0,
        new PartitionCommand.AdjustCollateral(
            pool, usdc, thousand.negate(), "release-2")); // more than the pool holds
    for (int i = 0; i < 4; i++) {
      cluster.step(0);
    }

    PartitionState zero = cluster.store.load(0);
    assertThat(zero.account(pool).balance(usdc)).isEqualTo(BigInteger.valueOf(750_000_000L));
    assertThat(zero.account(pool).cash()).isZero();
    assertThat(cluster.answered)
        .extracting(Answered::outcome)
        .containsExactly("credited", "credited", "adjusted", "refused: insufficient-balance");
    assertThat(cluster.summary().balanced()).isTrue();
  }

  @Test
  void aFormerOwnerCannotCommitOnceThePartitionIsTakenOver() {
    InMemoryPartitionStore store = new InMemoryPartitionStore();
    long first = store.takeOver(3);
    PartitionLedger former =
        new PartitionLedger(store.load(3), cluster.partitioner, cluster.shards);
    store.takeOver(3);

    PartitionCommit late =
        former.apply(0, new PartitionCommand.BookTrade("t1", buysOneEth)).orElseThrow().commit();

    assertThat(store.commit(first, late)).isFalse();
    assertThat(store.load(3).offset()).isEqualTo(-1);
    assertThat(store.load(3).accounts()).isEmpty();
  }

  @Test
  void aCommitThatDoesNotFollowTheStoredOffsetIsRefused() {
    InMemoryPartitionStore store = new InMemoryPartitionStore();
    long epoch = store.takeOver(3);
    PartitionLedger ledger =
        new PartitionLedger(store.load(3), cluster.partitioner, cluster.shards);
    PartitionCommit first =
        ledger.apply(0, new PartitionCommand.BookTrade("t1", buysOneEth)).orElseThrow().commit();
    PartitionCommit second =
        ledger.apply(1, new PartitionCommand.BookTrade("t2", buysOneEth)).orElseThrow().commit();

    // the first commit lost: the second does not follow what the store holds
    assertThatThrownBy(() -> store.commit(epoch, second))
        .isInstanceOf(PartitionStore.DivergedStore.class);
    assertThat(store.load(3).offset()).isEqualTo(-1);
    assertThat(store.commit(epoch, first.then(second))).isTrue();
    assertThat(store.load(3).offset()).isEqualTo(1);
  }

  @Test
  void theFeePoolShardsAreDistinctAccountsOfTheirPartitions() {
    assertThat(cluster.shards.feePool(3)).isNotEqualTo(cluster.shards.feePool(17));
    assertThat(cluster.shards.feePool(0))
        .as("one partition keeps the fee pool of one process")
        .isEqualTo(cluster.shards.feePool());
  }

  private Address onPartition(int partition, Address... not) {
    for (int i = 1; ; i++) {
      byte[] bytes = new byte[20];
      bytes[0] = (byte) 0x11;
      bytes[16] = (byte) (i >>> 24);
      bytes[17] = (byte) (i >>> 16);
      bytes[18] = (byte) (i >>> 8);
      bytes[19] = (byte) i;
      Address a = Address.wrap(bytes);
      if (cluster.partitioner.of(a) == partition && !java.util.List.of(not).contains(a)) {
        return a;
      }
    }
  }
}
