package io.omnimargin.cluster.partition;

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
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * The workflows' margin book over a ledger spread across partitions, usable on any replica.
 *
 * <p>Reserving and re-pricing are commands on the account's partition, answered once its owner has
 * committed them ({@link PartitionWriter#request}): the owner checks the change against the account
 * with every reservation it holds, so two replicas can never spend the same collateral, and a
 * refusal comes back with the owner's figures ({@link ReserveAnswer}). A release is published and
 * not waited for ({@link PartitionWriter#publish}): once the broker holds it, it is applied in log
 * order, and nothing a workflow decides hangs on its answer. A release is terminal (the intent is
 * over) unless the intent was not stored; the auction's re-pricing is a {@link
 * PartitionCommand.Reprice}, one step. A writer that does not answer in time is answered {@link
 * Decision.Reason#LEDGER_UNAVAILABLE}, never an exception: the workflows go on.
 *
 * <p>Reads come from the partition's engine when this replica writes it, and otherwise from the
 * account as its owner last committed it, valued at this replica's own prices ({@code market}, an
 * engine holding no accounts that every broadcast price and route reaches). A committed change is
 * answered only after its commit, so a requester reads what it was told; a release may be read a
 * moment later than it was sent, which shows the reservation still held, the safe side. A stored
 * account's staged health is not kept: it reads as its totals show it now.
 *
 * <p>Reservations are partition state: what one owner accepted, the next one loads, so restoring
 * them from the intent store after a restart does nothing here.
 */
public final class PartitionedMarginBook implements MarginBook {
  private static final System.Logger LOG = System.getLogger(PartitionedMarginBook.class.getName());
  private static final int REQUESTS_KEPT = 10_000;
  // backing off from 0.5 s to 30 s: about two minutes, past a broker's restart
  private static final int RELEASE_ATTEMPTS = 10;
  private static final Decision UNAVAILABLE =
      new Decision(false, Decision.Reason.LEDGER_UNAVAILABLE, null);
  private final PartitionWriter writer;
  private final PartitionStore store;
  private final LedgerPartitioner partitioner;
  private final MarginEngine market;
  private final Duration timeout;
  private final BiPredicate<Address, OrderId> heldForStoredIntent;
  // this replica's latest reserve requests by reservation key: what an intake that did not store
  // its intent releases on behalf of, a moment after its reserve. Bounded: the oldest go first
  private final java.util.Map<String, String> requests =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
              return size() > REQUESTS_KEPT;
            }
          });

  /**
   * @param heldForStoredIntent whether a stored live intent of the account's own (its trader is the
   *     account) holds margin under the intent id: an unanswered reserve of it is not undone
   */
  public PartitionedMarginBook(
      PartitionWriter writer,
      PartitionStore store,
      LedgerPartitioner partitioner,
      MarginEngine market,
      Duration timeout,
      BiPredicate<Address, OrderId> heldForStoredIntent) {
    this.heldForStoredIntent = heldForStoredIntent;
    this.writer = writer;
    this.store = store;
    this.partitioner = partitioner;
    this.market = market;
    this.timeout = timeout;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Answered {@link Decision.Reason#LEDGER_UNAVAILABLE} when the partition's writer does not
   * answer in time. The reserve may still be applied later: unless a stored live intent of the
   * account's own depends on what is held under the intent (a resubmission of a live intent), a
   * release on behalf of this request follows it on the partition, and drops what it holds unless a
   * later request (a retry) was answered for it meanwhile.
   */
  @Override
  public Decision reserve(Address owner, OrderId intentId, ProposedChange change) {
    String request = Reservation.newRequest(System.currentTimeMillis());
    String key = Reservation.key(owner, intentId);
    requests.put(key, request);
    Optional<String> answer =
        answer(new PartitionCommand.Reserve(new Reservation(owner, intentId, change, request)));
    if (answer.isPresent()) {
      return ReserveAnswer.read(answer.get());
    }
    if (!heldForStoredIntent(owner, intentId)) {
      requests.remove(key, request);
      publish(PartitionCommand.Release.ofUnanswered(owner, intentId, request), 1);
    }
    return UNAVAILABLE;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Answered {@link Decision.Reason#LEDGER_UNAVAILABLE} when the partition's writer does not
   * answer in time: the auction then rejects the intent, whose terminal release follows the
   * re-price on the partition.
   */
  @Override
  public Decision reprice(Address owner, OrderId intentId, ProposedChange change) {
    String request = Reservation.newRequest(System.currentTimeMillis());
    return answer(new PartitionCommand.Reprice(new Reservation(owner, intentId, change, request)))
        .map(ReserveAnswer::read)
        .orElse(UNAVAILABLE);
  }

  /** Nothing to do: the partition holds the reservation its owner accepted. */
  @Override
  public void restoreReservation(Address owner, OrderId intentId, ProposedChange change) {}

  /**
   * Published to the account's partition ({@link PartitionWriter#publish}), not waited for: final
   * once the broker holds it, applied after every command this replica sent there before it. A read
   * right after it may still show the reservation, the safe side. A send that fails is sent again,
   * backing off; one that fails {@value #RELEASE_ATTEMPTS} times is logged, not thrown.
   */
  @Override
  public void release(Address owner, OrderId intentId) {
    requests.remove(Reservation.key(owner, intentId));
    publish(new PartitionCommand.Release(owner, intentId, true), 1);
  }

  /**
   * Released on behalf of this replica's last reserve of the intent, when it made one: a submission
   * of the same intent that another request stored meanwhile keeps its margin.
   */
  @Override
  public void releaseUnstored(Address owner, OrderId intentId) {
    String request = requests.remove(Reservation.key(owner, intentId));
    publish(
        request == null
            ? new PartitionCommand.Release(owner, intentId, false)
            : PartitionCommand.Release.ofUnanswered(owner, intentId, request),
        1);
  }

  private void publish(PartitionCommand command, int attempt) {
    CompletableFuture<Void> sent;
    try {
      sent = writer.publish(command);
    } catch (RuntimeException e) { // not even sent (a producer closed)
      unanswered(command, e);
      return;
    }
    sent.whenComplete(
        (done, failure) -> {
          if (failure == null) {
            return;
          }
          if (attempt < RELEASE_ATTEMPTS) {
            // not on the producer's own thread, which a send may block; backing off to 30 s
            CompletableFuture.delayedExecutor(
                    Math.min(30_000L, 500L << (attempt - 1)), TimeUnit.MILLISECONDS)
                .execute(() -> publish(command, attempt + 1));
          } else {
            unanswered(command, failure);
          }
        });
  }

  /** A store that does not answer cannot say an intent holds the margin: it is released. */
  private boolean heldForStoredIntent(Address owner, OrderId intentId) {
    try {
      return heldForStoredIntent.test(owner, intentId);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the intent store did not answer for " + intentId, e);
      return false;
    }
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
   * The owner's answer to the command, sent again under its ids if it does not come in time; empty
   * when no answer comes (the command may still be applied later).
   */
  private Optional<String> answer(PartitionCommand command) {
    try {
      return Optional.of(writer.request(command, timeout).get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      unanswered(command, e.getCause());
    } catch (RuntimeException e) { // not even sent (a producer closed)
      unanswered(command, e);
    }
    return Optional.empty();
  }

  private static void unanswered(PartitionCommand command, Throwable why) {
    LOG.log(
        System.Logger.Level.WARNING, "the account's ledger partition did not take " + command, why);
  }
}
