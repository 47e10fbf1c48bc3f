package io.omnimargin.cluster.partition;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.AccountSnapshot;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The workflows' margin book over a ledger spread across partitions, usable on any replica.
 *
 * <p>Reserving, re-pricing and releasing are commands on the account's partition, answered once its
 * owner has committed them ({@link PartitionWriter#request}): the owner checks the change against
 * the account with every reservation it holds, so two replicas can never spend the same collateral,
 * and a refusal comes back with the owner's figures ({@link ReserveAnswer}). Releases are terminal
 * (the intent is over); the auction's re-pricing is a {@link PartitionCommand.Reprice}, one step.
 *
 * <p>Reads come from the partition's engine when this replica writes it, and otherwise from the
 * account as its owner last committed it, valued at this replica's own prices ({@code market}, an
 * engine holding no accounts that every broadcast price and route reaches). A committed change is
 * answered only after its commit, so a requester reads what it was told. A stored account's staged
 * health is not kept: it reads as its totals show it now.
 *
 * <p>Reservations are partition state: what one owner accepted, the next one loads, so restoring
 * them from the intent store after a restart does nothing here.
 */
public final class PartitionedMarginBook implements MarginBook {
  private final PartitionWriter writer;
  private final PartitionStore store;
  private final LedgerPartitioner partitioner;
  private final MarginEngine market;
  private final Duration timeout;

  public PartitionedMarginBook(
      PartitionWriter writer,
      PartitionStore store,
      LedgerPartitioner partitioner,
      MarginEngine market,
      Duration timeout) {
    this.writer = writer;
    this.store = store;
    this.partitioner = partitioner;
    this.market = market;
    this.timeout = timeout;
  }

  /**
   * {@inheritDoc}
   *
   * @throws Refusal {@code owner-unavailable} when the owner does not answer; a release that is not
   *     terminal follows the reserve on its partition then, so that a reserve applied after all
   *     holds nothing for an intent the wallet was told was not taken (a retry may reserve again)
   */
  @Override
  public Decision reserve(Address owner, OrderId intentId, ProposedChange change) {
    try {
      return ReserveAnswer.read(
          answer(new PartitionCommand.Reserve(new Reservation(owner, intentId, change))));
    } catch (Refusal unanswered) {
      writer.submit(new PartitionCommand.Release(owner, intentId, false));
      throw unanswered;
    }
  }

  @Override
  public Decision reprice(Address owner, OrderId intentId, ProposedChange change) {
    return ReserveAnswer.read(
        answer(new PartitionCommand.Reprice(new Reservation(owner, intentId, change))));
  }

  /** Nothing to do: the partition holds the reservation its owner accepted. */
  @Override
  public void restoreReservation(Address owner, OrderId intentId, ProposedChange change) {}

  @Override
  public void release(Address owner, OrderId intentId) {
    answer(new PartitionCommand.Release(owner, intentId, true));
  }

  @Override
  public Optional<ProposedChange> reservation(Address owner, OrderId intentId) {
    Optional<MarginEngine> writing = writing(owner);
    if (writing.isPresent()) {
      return writing.get().reservation(owner, intentId);
    }
    return stored(owner).reservations().stream()
        .filter(r -> r.intent().equals(intentId))
        .map(Reservation::change)
        .findFirst();
  }

  @Override
  public BigInteger cash(Address owner) {
    Optional<MarginEngine> writing = writing(owner);
    return writing.isPresent() ? writing.get().cash(owner) : stored(owner).account().cash();
  }

  @Override
  public BigInteger balance(Address owner, CollateralKey key) {
    Optional<MarginEngine> writing = writing(owner);
    return writing.isPresent()
        ? writing.get().balance(owner, key)
        : stored(owner).account().balance(key);
  }

  @Override
  public AccountSnapshot snapshot(Address owner) {
    Optional<MarginEngine> writing = writing(owner);
    if (writing.isPresent()) {
      return writing.get().snapshot(owner);
    }
    PartitionStore.StoredAccount stored = stored(owner);
    return market.snapshot(stored.account(), held(stored));
  }

  @Override
  public Decision whatIf(Address owner, ProposedChange change) {
    Optional<MarginEngine> writing = writing(owner);
    if (writing.isPresent()) {
      return writing.get().whatIf(owner, change);
    }
    PartitionStore.StoredAccount stored = stored(owner);
    return market.whatIf(stored.account(), held(stored), change);
  }

  /** Asked of the trader's partition, which books the trade (its taker's leg) when it fills. */
  @Override
  public boolean booked(Address trader, OrderId intentId) {
    String takerLeg = TradeLeg.key(intentId.toHex(), trader);
    return !store.applied(partitioner.of(trader), Set.of(takerLeg)).isEmpty();
  }

  @Override
  public Optional<BigInteger> indexPrice(String marketName) {
    return market.indexPrice(marketName);
  }

  @Override
  public ClearingParameters clearing() {
    return market.clearing();
  }

  private Optional<MarginEngine> writing(Address owner) {
    return writer.engine(partitioner.of(owner));
  }

  private PartitionStore.StoredAccount stored(Address owner) {
    return store.account(partitioner.of(owner), owner);
  }

  private static Map<OrderId, ProposedChange> held(PartitionStore.StoredAccount stored) {
    Map<OrderId, ProposedChange> held = new LinkedHashMap<>();
    stored.reservations().forEach(r -> held.put(r.intent(), r.change()));
    return held;
  }

  /**
   * The owner's answer to the command, sent again under its ids if it does not come in time.
   *
   * @throws Refusal {@code owner-unavailable} when no owner answers: nothing is known to be held
   */
  private String answer(PartitionCommand command) {
    CompletableFuture<String> answer = writer.request(command, timeout);
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(command, e);
    } catch (ExecutionException e) {
      throw unavailable(command, e.getCause());
    }
  }

  private static Refusal unavailable(PartitionCommand command, Throwable cause) {
    Refusal refusal =
        new Refusal(
            ProblemCode.OWNER_UNAVAILABLE,
            "the owner of the account's ledger partition did not answer " + command + ": " + cause);
    refusal.initCause(cause);
    return refusal;
  }
}
