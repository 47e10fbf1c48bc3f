package io.omnimargin.cluster.partition;

import static io.omnimargin.cluster.partition.ReservationHistory.ETH;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Margin on a partitioned ledger, the reservation half of docs/cluster.md's worked example: each
 * side's margin is held on its own partition, by that partition's owner, before the trade; a new
 * owner holds what the former one accepted; booking a side consumes that side's reservation.
 */
class PartitionMarginTest {
  private static final BigInteger PRICE = Wad.of("3000");
  private static final OrderId INTENT = OrderId.parse("0x" + "1d".repeat(32));
  private static final OrderId WITHDRAWAL = OrderId.parse("0x" + "3e".repeat(32));
  private static final CollateralKey USDC = new CollateralKey(42_161, "USDC");

  private final PartitionedCluster cluster =
      new PartitionedCluster(24, new InMemoryPartitionStore(), ReservationHistory.pricedEngines());
  private final Address trader = onPartition(3);
  private final Address solver = onPartition(17);
  private final Trade buysOneEth =
      new Trade("ETH-PERP", trader, solver, Wad.ONE, PRICE, BigInteger.ZERO, Wad.of("1.5"));

  @Test
  void collateralHeldForAnOrderIsNotWithdrawnUntilReleasedEvenAcrossATakeOver() {
    deposit(trader, Wad.ONE);
    assertThat(answer(3, reserve(trader, INTENT, order(true)))).isEqualTo("accepted");

    // all of the ETH out would leave nothing to carry the order held
    PartitionCommand withdrawAll = reserve(trader, WITHDRAWAL, withdrawal(Wad.ONE));
    assertThat(answer(3, withdrawAll)).startsWith("refused: insufficient-margin after ");

    cluster.commitConsumerPosition(3);
    cluster.takeOver(3); // the owner dies: its successor loads the reservation with the accounts
    assertThat(ReserveAnswer.read(answer(3, withdrawAll)))
        .as("refused by the successor with the figures behind it")
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(Decision.Reason.INSUFFICIENT_MARGIN);
              assertThat(d.after().imr()).isGreaterThan(d.after().avInitial());
            });
    assertThat(answer(3, reserve(trader, INTENT, order(true))))
        .as("the same intent asked again holds its margin once")
        .isEqualTo("accepted");

    assertThat(answer(3, new PartitionCommand.Release(trader, INTENT))).isEqualTo("released");
    assertThat(answer(3, withdrawAll)).isEqualTo("accepted");
    assertThat(cluster.store.load(3).reservations())
        .containsOnlyKeys(Reservation.key(trader, WITHDRAWAL));
  }

  @Test
  void aReserveAppliedButNotCommittedIsNotHeldAndIsAnsweredByTheNextOwner() {
    deposit(trader, Wad.ONE);
    cluster.produce(3, reserve(trader, WITHDRAWAL, withdrawal(Wad.of("0.6"))));
    cluster.stepAndCrash(3); // accepted in memory, never committed, never answered

    assertThat(cluster.store.load(3).reservations()).isEmpty();
    cluster.step(3);
    cluster.step(3); // the successor reads the log from the group's position: the deposit again
    assertThat(last().outcome()).isEqualTo("accepted");
    assertThat(
            answer(
                3,
                reserve(trader, OrderId.parse("0x" + "4f".repeat(32)), withdrawal(Wad.of("0.6")))))
        .as("0.6 of 1 ETH is held: another 0.6 is not there")
        .startsWith("refused: insufficient-balance after ");
  }

  @Test
  void bookingEachSideConsumesThatSidesReservationOnItsOwnPartition() {
    deposit(trader, Wad.ONE);
    deposit(solver, Wad.ONE);
    assertThat(answer(3, reserve(trader, INTENT, order(true)))).isEqualTo("accepted");
    assertThat(answer(17, reserve(solver, INTENT, order(false)))).isEqualTo("accepted");

    assertThat(answer(3, new PartitionCommand.BookTrade(INTENT.toHex(), buysOneEth)))
        .isEqualTo("booked");
    assertThat(cluster.store.load(3).reservations()).isEmpty();
    assertThat(cluster.store.load(17).reservations())
        .as("the solver's leg is in flight: its margin stays held until it is booked")
        .containsOnlyKeys(Reservation.key(solver, INTENT));

    cluster.relay(3);
    cluster.step(17);
    assertThat(cluster.store.load(17).reservations()).isEmpty();
    assertThat(cluster.store.load(17).account(solver).position("ETH-PERP").size())
        .isEqualTo(Wad.ONE.negate());
    assertThat(answer(17, reserve(solver, INTENT, order(false))))
        .as("an intent filled is not reserved again: nothing would free it")
        .isEqualTo("refused: filled");
    assertThat(cluster.summary().balanced()).isTrue();
  }

  @Test
  void aPayoutPaysTheReservedCashToThePartitionsSettlementPoolOnce() {
    deposit(trader, Wad.ONE);
    assertThat(answer(3, new PartitionCommand.Payout(trader, WITHDRAWAL)))
        .as("nothing reserved to pay")
        .isEqualTo("refused: not-reserved");
    // cash of its own first: a fee earned as a maker
    PartitionCommand withCash = new PartitionCommand.BookTrade("t-cash", cashFor(trader));
    assertThat(answer(3, withCash)).isEqualTo("booked");
    BigInteger cash = cluster.store.load(3).account(trader).cash();
    assertThat(cash).isPositive();

    ProposedChange payout = new ProposedChange.CashPayout(USDC, BigInteger.valueOf(2), Wad.of("2"));
    assertThat(answer(3, reserve(trader, WITHDRAWAL, payout))).isEqualTo("accepted");
    assertThat(answer(3, new PartitionCommand.Payout(trader, WITHDRAWAL))).isEqualTo("paid");
    assertThat(answer(3, new PartitionCommand.Payout(trader, WITHDRAWAL)))
        .as("asked again: paid once")
        .isEqualTo("paid");

    PartitionState three = cluster.store.load(3);
    assertThat(three.account(trader).cash()).isEqualTo(cash.subtract(Wad.of("2")));
    assertThat(three.account(cluster.shards.settlementPool(3)).cash()).isEqualTo(Wad.of("2"));
    assertThat(three.reservations()).isEmpty();
    assertThat(cluster.summary().balanced()).isTrue();
  }

  @Test
  void aReserveThatComesAfterItsPayoutOrReleaseHoldsNothing() {
    deposit(trader, Wad.ONE);
    PartitionCommand withCash = new PartitionCommand.BookTrade("t-cash", cashFor(trader));
    assertThat(answer(3, withCash)).isEqualTo("booked");
    PartitionCommand payout =
        reserve(
            trader,
            WITHDRAWAL,
            new ProposedChange.CashPayout(USDC, BigInteger.valueOf(2), Wad.of("2")));
    assertThat(answer(3, payout)).isEqualTo("accepted");
    assertThat(answer(3, new PartitionCommand.Payout(trader, WITHDRAWAL))).isEqualTo("paid");

    assertThat(answer(3, payout)).as("a late retry of the reserve").isEqualTo("refused: paid");
    assertThat(answer(3, new PartitionCommand.Payout(trader, WITHDRAWAL))).isEqualTo("paid");
    assertThat(cluster.store.load(3).account(trader).cash()).as("paid once").isEqualTo(Wad.of("3"));

    PartitionCommand order = reserve(trader, INTENT, order(true));
    assertThat(answer(3, order)).isEqualTo("accepted");
    assertThat(answer(3, new PartitionCommand.Release(trader, INTENT, false)))
        .as("an auction re-pricing the order")
        .isEqualTo("released");
    assertThat(answer(3, order)).as("reserved again at the new price").isEqualTo("accepted");
    assertThat(answer(3, new PartitionCommand.Release(trader, INTENT))).isEqualTo("released");
    assertThat(answer(3, order))
        .as("a reserve that comes after its intent's release (a cancel overtook it)")
        .isEqualTo("refused: released");
    assertThat(cluster.store.load(3).reservations()).isEmpty();
  }

  @Test
  void aRepriceMovesTheReservationInOneStepAndARefusedOneEndsTheIntent() {
    deposit(trader, Wad.ONE);
    PartitionCommand atLimit = reserve(trader, INTENT, order(true));
    assertThat(answer(3, atLimit)).isEqualTo("accepted");
    ProposedChange atBid =
        new ProposedChange.Order("ETH-PERP", true, Wad.ONE, Wad.of("3010"), false);
    PartitionCommand reprice = new PartitionCommand.Reprice(new Reservation(trader, INTENT, atBid));
    assertThat(answer(3, reprice)).isEqualTo("accepted");
    assertThat(answer(3, reprice)).as("asked again").isEqualTo("accepted");
    assertThat(answer(3, atLimit)).as("a late retry of the first reserve").isEqualTo("accepted");
    assertThat(cluster.store.load(3).reservations().get(Reservation.key(trader, INTENT)).change())
        .as("the re-priced change is held, not the limit's")
        .isEqualTo(atBid);

    ProposedChange tooBig =
        new ProposedChange.Order("ETH-PERP", true, Wad.of("100"), Wad.of("3010"), false);
    Decision refused =
        ReserveAnswer.read(
            answer(3, new PartitionCommand.Reprice(new Reservation(trader, INTENT, tooBig))));
    assertThat(refused.accepted()).isFalse();
    assertThat(refused.reason()).isEqualTo(Decision.Reason.INSUFFICIENT_MARGIN);
    assertThat(refused.after().imr()).isGreaterThan(refused.after().avInitial());
    assertThat(cluster.store.load(3).reservations()).as("nothing held").isEmpty();
    assertThat(answer(3, atLimit))
        .as("the intent is rejected: a late reserve holds nothing")
        .isEqualTo("refused: released");

    deposit(solver, Wad.ONE);
    PartitionCommand other = reserve(trader, WITHDRAWAL, order(true));
    assertThat(answer(3, other)).isEqualTo("accepted");
    assertThat(
            answer(
                3,
                new PartitionCommand.BookTrade(
                    WITHDRAWAL.toHex(),
                    new Trade(
                        "ETH-PERP", trader, solver, Wad.ONE, PRICE, BigInteger.ZERO, Wad.ONE))))
        .isEqualTo("booked");
    assertThat(answer(3, new PartitionCommand.Reprice(new Reservation(trader, WITHDRAWAL, atBid))))
        .as("its trade is booked")
        .isEqualTo("refused: filled");
    assertThat(cluster.store.load(3).reservations()).isEmpty();
  }

  @Test
  void aReleaseOnBehalfOfAnUnansweredRequestDropsOnlyWhatThatRequestStillOwns() {
    deposit(trader, Wad.ONE);
    Reservation first = new Reservation(trader, INTENT, order(true), "request-1");
    assertThat(answer(3, new PartitionCommand.Reserve(first))).isEqualTo("accepted");
    // the wallet sends the intent again: the retry is answered, and owns the reservation now
    assertThat(answer(3, new PartitionCommand.Reserve(first.ownedBy("request-2"))))
        .isEqualTo("accepted");
    assertThat(answer(3, PartitionCommand.Release.ofUnanswered(trader, INTENT, "request-1")))
        .isEqualTo("released");
    assertThat(cluster.store.load(3).reservations().get(Reservation.key(trader, INTENT)))
        .as("the first request's release leaves the retry's reservation held")
        .isEqualTo(first.ownedBy("request-2"));

    assertThat(answer(3, PartitionCommand.Release.ofUnanswered(trader, INTENT, "request-2")))
        .isEqualTo("released");
    assertThat(cluster.store.load(3).reservations()).isEmpty();
    assertThat(answer(3, new PartitionCommand.Reserve(first.ownedBy("request-3"))))
        .as("not terminal: the intent may still be sent again")
        .isEqualTo("accepted");
  }

  @Test
  void aReserveAskedAgainAfterALiquidationDroppedItsMarginIsCheckedAgainInOneConsistentCommit() {
    deposit(trader, Wad.ONE);
    deposit(solver, Wad.of("100"));
    Reservation held = new Reservation(trader, INTENT, withdrawal(Wad.of("0.01")), "request-1");
    assertThat(answer(3, new PartitionCommand.Reserve(held))).isEqualTo("accepted");
    Trade longFive =
        new Trade("ETH-PERP", trader, solver, Wad.of("5"), PRICE, BigInteger.ZERO, BigInteger.ZERO);
    assertThat(answer(3, new PartitionCommand.BookTrade("t-liquidated", longFive)))
        .isEqualTo("booked");
    // a price tick between two commands liquidates the trader, and its engine drops the margin
    cluster
        .owner(3)
        .engine()
        .onPrice(
            "ETH",
            new io.omnimargin.margin.valuation.Price(Wad.of("2400"), ReservationHistory.NOW));
    assertThat(cluster.owner(3).engine().reservation(trader, INTENT)).isEmpty();

    String again = answer(3, new PartitionCommand.Reserve(held.ownedBy("request-2")));
    assertThat(again).as("checked again, not taken for held").doesNotStartWith("accepted");
    assertThat(cluster.store.load(3).reservations())
        .as("the store holds what the engine holds")
        .doesNotContainKey(held.key());
  }

  @Test
  void aProvenBalanceAskedAgainAfterAFrontedCreditDoesNotSetTheLineBack() {
    PartitionCommand proof = new PartitionCommand.ProvenBalance(trader, ETH, Wad.ONE, "proof-1");
    assertThat(answer(3, proof)).isEqualTo("credited");
    assertThat(
            answer(3, new PartitionCommand.AdjustCollateral(trader, ETH, Wad.of("0.5"), "front-1")))
        .isEqualTo("adjusted");
    assertThat(answer(3, proof)).as("its answer was lost: asked again").isEqualTo("credited");
    assertThat(
            answer(3, new PartitionCommand.AdjustCollateral(trader, ETH, Wad.of("0.5"), "front-1")))
        .isEqualTo("adjusted");
    assertThat(cluster.store.load(3).account(trader).balance(ETH)).isEqualTo(Wad.of("1.5"));
  }

  @Test
  void aBookingAskedAgainSendsNothingAgain() {
    deposit(trader, Wad.ONE);
    deposit(solver, Wad.ONE);
    PartitionCommand book = new PartitionCommand.BookTrade(INTENT.toHex(), buysOneEth);
    assertThat(answer(3, book)).isEqualTo("booked");
    cluster.relay(3);
    cluster.step(17);
    cluster.acknowledge(3);
    assertThat(cluster.store.load(3).outbox()).isEmpty();

    assertThat(answer(3, book)).isEqualTo("booked");
    assertThat(cluster.store.load(3).outbox()).as("no leg put back, re-stamped").isEmpty();
    assertThat(cluster.store.load(3).account(trader).position("ETH-PERP").size())
        .isEqualTo(Wad.ONE);
  }

  @Test
  void aProvenBalanceSetsTheLineAndIsIdempotent() {
    deposit(trader, Wad.of("2"));
    deposit(trader, Wad.of("2"));
    assertThat(cluster.store.load(3).account(trader).balance(ETH)).isEqualTo(Wad.of("2"));
    deposit(trader, Wad.of("0.5"));
    assertThat(cluster.store.load(3).account(trader).balance(ETH)).isEqualTo(Wad.of("0.5"));
  }

  /** A trade in which {@code maker} earns a 5 USD maker fee from another account of partition 3. */
  private Trade cashFor(Address maker) {
    return new Trade(
        "ETH-PERP", solver3(), maker, Wad.of("0.01"), PRICE, Wad.of("5"), BigInteger.ZERO);
  }

  private Address solver3() {
    return onPartition(3, 2);
  }

  private void deposit(Address account, BigInteger balance) {
    assertThat(
            answer(
                cluster.partitioner.of(account),
                new PartitionCommand.ProvenBalance(account, ETH, balance)))
        .isEqualTo("credited");
  }

  /** Produces the command, lets the owner apply and commit it, and answers its outcome. */
  private String answer(int partition, PartitionCommand command) {
    cluster.produce(partition, command);
    cluster.step(partition);
    PartitionedCluster.Answered last = last();
    assertThat(last.command()).isEqualTo(command);
    return last.outcome();
  }

  private PartitionedCluster.Answered last() {
    List<PartitionedCluster.Answered> all = cluster.answered;
    return all.get(all.size() - 1);
  }

  private static PartitionCommand reserve(Address account, OrderId id, ProposedChange change) {
    return new PartitionCommand.Reserve(new Reservation(account, id, change));
  }

  private static ProposedChange order(boolean buy) {
    return new ProposedChange.Order("ETH-PERP", buy, Wad.ONE, PRICE, false);
  }

  private static ProposedChange withdrawal(BigInteger amount) {
    return new ProposedChange.Withdrawal(ETH, amount);
  }

  private Address onPartition(int partition) {
    return onPartition(partition, 1);
  }

  /** The {@code nth} account found on the partition. */
  private Address onPartition(int partition, int nth) {
    int found = 0;
    for (int i = 1; ; i++) {
      byte[] bytes = new byte[20];
      bytes[0] = (byte) 0x22;
      bytes[18] = (byte) (i >>> 8);
      bytes[19] = (byte) i;
      Address a = Address.wrap(bytes);
      if (cluster.partitioner.of(a) == partition && ++found == nth) {
        return a;
      }
    }
  }
}
