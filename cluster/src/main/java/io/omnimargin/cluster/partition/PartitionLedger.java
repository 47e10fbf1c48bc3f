package io.omnimargin.cluster.partition;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.Takeover;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The owner's copy of one ledger partition, loaded from the store: it applies the partition's
 * commands in offset order through a margin engine over the partition's accounts, and answers each
 * step as the commit to write and the answer for its requester. A command at or below the loaded
 * offset was applied by a former owner and is skipped, so a log read again after a crash changes
 * nothing twice; a leg whose key this partition applied before is skipped too, so a leg relayed
 * twice is booked once. Reservations are part of the partition's state, so a new owner holds what
 * the former one accepted. Not thread-safe: one owner thread per partition.
 */
public final class PartitionLedger {
  private final int partition;
  private final LedgerPartitioner partitioner;
  private final Address feePool;
  private final SystemShards shards;
  private volatile Step current; // the command's step under way, for legs the engine sends
  private volatile PartitionStore others; // where the other partitions are read, when at all
  // the other partitions' accounts as auto-deleverage last read them in this batch: a crash that
  // bankrupts many accounts completes their liquidations in bursts, and one read serves a burst
  // (capped legs close only what each holder still holds where they land, so a read a batch old
  // moves nothing that is not there)
  private List<Account> elsewhere;
  private int elsewhereReads;
  private final PartitionTables state;
  private final StepLedger saves;
  private final MarginEngine engine;
  private final LongSupplier nowSeconds;

  /**
   * How long a partition remembers the keys of the legs and payouts it applied (seven days): a leg
   * relayed again, or a trade or payout asked for again, within that time is applied once. Relays
   * are sent again within seconds and requesters give up within a minute; without a bound the keys
   * would grow with every trade, and a new owner loads them all.
   */
  public static final long KEYS_KEPT_SECONDS = 7 * 24 * 3_600;

  /** A ledger whose engine has the default risk configuration and no prices: for trades only. */
  public PartitionLedger(
      PartitionState loaded, LedgerPartitioner partitioner, SystemShards shards) {
    this(
        loaded,
        partitioner,
        shards,
        PartitionEngines.unpriced(PartitionLedger::systemSeconds),
        PartitionLedger::systemSeconds);
  }

  private static long systemSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  /** A ledger whose liquidations are numbered as epoch 0's (tests). */
  public PartitionLedger(
      PartitionState loaded,
      LedgerPartitioner partitioner,
      SystemShards shards,
      PartitionEngines engines,
      LongSupplier nowSeconds) {
    this(loaded, partitioner, shards, engines, nowSeconds, 0);
  }

  /**
   * @param epoch the epoch this owner took the partition at: its liquidations are numbered apart
   *     from every other partition's and every former owner's ({@link #liquidationBase})
   */
  public PartitionLedger(
      PartitionState loaded,
      LedgerPartitioner partitioner,
      SystemShards shards,
      PartitionEngines engines,
      LongSupplier nowSeconds,
      long epoch) {
    this.nowSeconds = nowSeconds;
    this.partition = loaded.partition();
    this.partitioner = partitioner;
    this.feePool = shards.feePool(partition);
    this.shards = shards;
    this.state = new PartitionTables(loaded);
    this.saves = new StepLedger(loaded.accounts().values(), this::holds);
    this.engine =
        engines.open(
            partition, shards.clearing(partition), saves, liquidationBase(partition, epoch));
    engine.routeLegs(new Legs());
    for (Reservation r : loaded.reservations().values()) {
      engine.restoreReservation(r.account(), r.intent(), r.change());
    }
  }

  /**
   * The engine's route for legs of accounts on other partitions (a solver's takeover of a
   * liquidated account): into the outbox of the command under way, as a trade's second leg goes.
   */
  private final class Legs implements MarginEngine.LegRoute {
    @Override
    public boolean holds(Address account) {
      return PartitionLedger.this.holds(account);
    }

    @Override
    public void bookedHere(TradeLeg leg) {
      Step step = current;
      if (step == null) {
        return;
      }
      // a takeover by a solver of this partition consumes the margin its desk held here, as its
      // leg would where it landed had the solver been elsewhere
      step.consumeHeld(leg);
      if (leg.delta().signum() != 0) {
        // as a trade's legs are: its funding counted from the right interval on
        step.cut(leg, step.number(FundingFields.lastClosed(leg.market())));
      }
    }

    @Override
    public void send(TradeLeg leg) {
      route(leg, false);
    }

    @Override
    public void sendCapped(TradeLeg leg) {
      route(leg, true);
    }

    private void route(TradeLeg leg, boolean capped) {
      Step step = current;
      if (step == null) {
        // only a command's step has an outbox that is committed with what it books here
        throw new IllegalStateException("a leg for another partition outside a command: " + leg);
      }
      step.route(leg, step.number(FundingFields.lastClosed(leg.market())), capped);
    }

    @Override
    public List<Account> holdersElsewhere(String market) {
      PartitionStore store = others;
      Step step = current;
      if (store == null || step == null) {
        return List.of(); // only a command's step can send their legs
      }
      if (elsewhere == null) { // read once per batch, whatever the markets and steps deleveraged
        elsewhere = store.accounts(partitioner.partitions());
        elsewhereReads++;
      }
      List<Account> holders = new ArrayList<>();
      for (Account a : elsewhere) {
        if (partitioner.of(a.owner()) != partition
            && !shards.isSystem(a.owner())
            && !a.position(market).isFlat()) {
          holders.add(a);
        }
      }
      return holders;
    }
  }

  /**
   * A new batch of commands begins (the writer's next poll): auto-deleverage reads the other
   * partitions again, if it needs them.
   */
  public void newBatch() {
    elsewhere = null;
  }

  /** How many times auto-deleverage has read the other partitions' accounts (tests). */
  int elsewhereReads() {
    return elsewhereReads;
  }

  /**
   * Lets the waterfall see the other partitions as {@code store} holds them, read only when a
   * liquidation finds no bid: the insurance fund's other shards, valued at this engine's prices
   * (the fund is their sum; a shard that runs low draws on the others, its cash going below zero
   * while they hold more), and, when the fund cannot carry it, the other partitions' opposite
   * positions, which auto-deleverage ranks with this partition's own and reaches by capped legs.
   */
  public void readOtherPartitions(PartitionStore store) {
    others = store;
    engine.insuranceElsewhere(
        () -> {
          Map<Integer, Address> others = new HashMap<>();
          for (int q = 0; q < partitioner.partitions(); q++) {
            if (q != partition) {
              others.put(q, shards.insuranceFund(q));
            }
          }
          BigInteger elsewhere = BigInteger.ZERO;
          for (Account shard : store.accountsAt(others).values()) { // one script, accounts only
            elsewhere = elsewhere.add(engine.snapshot(shard, Map.of()).value().avMaintenance());
          }
          return elsewhere;
        });
  }

  /**
   * The number after which partition p's owner at {@code epoch} numbers its liquidations: the
   * partition in bits 41–52, the epoch (modulo 2^17) in bits 24–40, so ids stay below 2^53 (exact
   * in a JSON number) and each owner numbers 16 million before it could meet another's.
   */
  static long liquidationBase(int partition, long epoch) {
    return ((long) (partition & 0xFFF) << 41) | ((epoch & 0x1FFFF) << 24);
  }

  /**
   * The partition's engine changed an account the partition does not hold (a liquidation desk's
   * takeover by a solver elsewhere, say): nothing of the step may be committed, and the owner must
   * stop writing the partition rather than give the account a second writer.
   */
  public static final class ForeignAccount extends IllegalStateException {
    ForeignAccount(Address account) {
      super("the partition's engine changed " + account + ", an account of another partition");
    }
  }

  /**
   * The engine's saves since the last commit.
   *
   * @throws ForeignAccount if the engine changed an account another partition holds, on any thread:
   *     nothing of it may be committed
   */
  private Map<Address, Account> takeSaved() {
    saves
        .poisoned()
        .ifPresent(
            account -> {
              throw new ForeignAccount(account);
            });
    return saves.takeSaved();
  }

  /**
   * Adds to {@code released} the stored reservations of the saved accounts that the engine no
   * longer holds: a liquidation drops an account's reservations, and the store must drop them too.
   */
  private void dropped(Set<Address> saved, Set<String> released) {
    for (Address account : saved) {
      for (Reservation r : state.reservationsOf(account)) {
        if (engine.reservation(r.account(), r.intent()).isEmpty()) {
          released.add(r.key());
        }
      }
    }
  }

  /** A command that sets or adjusts one collateral line of an account, nothing else. */
  private static boolean tokenLine(PartitionCommand command) {
    return command instanceof PartitionCommand.ProvenBalance
        || command instanceof PartitionCommand.AdjustCollateral;
  }

  /** Whether the partition holds the account: its own accounts and its system shards. */
  private boolean holds(Address account) {
    return partitioner.of(account) == partition
        || account.equals(feePool)
        || account.equals(shards.insuranceFund(partition))
        || account.equals(shards.settlementPool(partition));
  }

  /** One command applied: the commit to write, and the answer for whoever asked for it. */
  public record Applied(PartitionCommit commit, String outcome) {}

  /** A snapshot of the partition as this owner holds it (a copy: for tests and take-overs). */
  public PartitionState state() {
    return state.snapshot();
  }

  /** The engine over the partition's accounts, for reads (snapshots, what-ifs) and inputs. */
  public MarginEngine engine() {
    return engine;
  }

  /** The offset of the last command applied. */
  public long offset() {
    return state.offset();
  }

  /** The legs waiting for their partitions (a view, not a copy). */
  public Map<String, OutboundLeg> outbox() {
    return state.outbox();
  }

  /**
   * Applies the command read at {@code offset}.
   *
   * @return the commit to write (it may change nothing but the offset) and the answer, or empty
   *     when a former owner applied this offset already ({@link #replayed} answers then)
   * @throws IllegalArgumentException for a command this partition must not apply (another
   *     partition's account, an unknown market, the fee pool trading): it changes nothing
   */
  public Optional<Applied> apply(long offset, PartitionCommand command) {
    if (offset <= state.offset()) {
      return Optional.empty();
    }
    return Optional.of(applyAt(offset, command));
  }

  /**
   * Applies a command handed to this partition's owner directly rather than read from the log (it
   * was asked on the replica that writes the partition): at the current offset, so the log's next
   * command still follows. Its commit goes with the batch like any other, before it is answered; a
   * command that is never committed was never answered, and one sent again through the log is
   * applied once, as every kind is idempotent.
   *
   * @throws IllegalArgumentException as {@link #apply} does
   */
  public Applied applyHere(PartitionCommand command) {
    return applyAt(state.offset(), command);
  }

  private Applied applyAt(long offset, PartitionCommand command) {
    requireHere(command);
    Step step = new Step(offset);
    current = step;
    try {
      String outcome = step.apply(command); // before the commit, which gathers what it changed
      return new Applied(step.commit(), outcome);
    } finally {
      current = null;
    }
  }

  private String outcome(Step step, PartitionCommand command) {
    String outcome;
    if (command instanceof PartitionCommand.BookTrade book) {
      outcome = step.book(book);
    } else if (command instanceof PartitionCommand.ApplyLeg relayed) {
      requireMarket(relayed.leg().market());
      if (relayed.capped()) {
        step.applyCapped(relayed.leg(), relayed.stamp());
      } else {
        step.applyHere(relayed.leg(), relayed.stamp());
      }
      outcome = "applied";
    } else if (command instanceof PartitionCommand.Reserve reserve) {
      outcome = step.reserve(reserve.reservation());
    } else if (command instanceof PartitionCommand.Reprice reprice) {
      outcome = step.reprice(reprice.reservation());
    } else if (command instanceof PartitionCommand.Release release) {
      outcome = step.release(release);
    } else if (command instanceof PartitionCommand.Payout payout) {
      outcome = step.payout(payout.account(), payout.intent());
    } else if (command instanceof PartitionCommand.AdjustCollateral adjust) {
      outcome = step.adjust(adjust);
    } else if (command instanceof PartitionCommand.MoveCash move) {
      outcome = step.move(move);
    } else if (command instanceof PartitionCommand.CloseFunding close) {
      requireMarket(close.market());
      outcome = step.close(close);
    } else if (command instanceof PartitionCommand.SettleFunding funding) {
      requireMarket(funding.market());
      outcome = step.settle(funding);
    } else if (command instanceof PartitionCommand.CompleteLiquidation complete) {
      outcome = step.complete(complete);
    } else {
      outcome = step.prove((PartitionCommand.ProvenBalance) command);
    }
    return outcome;
  }

  /**
   * The answer to a command a former owner applied, whose own answer may have died with it: what
   * the state shows, or null when it cannot tell (the requester asks again).
   */
  public String replayed(PartitionCommand command) {
    if (command instanceof PartitionCommand.BookTrade) {
      return "booked";
    }
    if (command instanceof PartitionCommand.Reserve reserve) {
      return state.reservation(reserve.reservation().key()) == null ? null : "accepted";
    }
    if (command instanceof PartitionCommand.Reprice reprice) {
      Reservation held = state.reservation(reprice.reservation().key());
      return held != null && held.change().equals(reprice.reservation().change())
          ? "accepted"
          : null;
    }
    if (command instanceof PartitionCommand.Release) {
      return "released";
    }
    if (command instanceof PartitionCommand.ProvenBalance proven) {
      return state.applied("proven/" + proven.requestId()) ? "credited" : null;
    }
    if (command instanceof PartitionCommand.Payout payout) {
      return state.applied(payoutKey(payout.account(), payout.intent())) ? "paid" : null;
    }
    if (command instanceof PartitionCommand.SettleFunding) {
      return "settled";
    }
    if (command instanceof PartitionCommand.CloseFunding) {
      return "closed";
    }
    if (command instanceof PartitionCommand.AdjustCollateral adjust) {
      return state.applied("adjust/" + adjust.requestId()) ? "adjusted" : null;
    }
    if (command instanceof PartitionCommand.MoveCash move) {
      return state.applied("cash/" + move.requestId()) ? "moved" : null;
    }
    if (command instanceof PartitionCommand.CompleteLiquidation complete) {
      return state.applied(
              completedKey(complete.account(), complete.liquidation(), complete.takeover()))
          ? "completed"
          : null;
    }
    return null;
  }

  /**
   * The accounts the engine changed between commands (a price tick re-valued one into a
   * liquidation), as a commit at the current offset, for the owner to write with its next batch;
   * empty when there are none.
   */
  public Optional<PartitionCommit> between() {
    Map<Address, Account> saved = takeSaved();
    if (saved.isEmpty()) {
      return Optional.empty();
    }
    Set<String> released = new HashSet<>();
    dropped(saved.keySet(), released);
    PartitionCommit commit =
        new PartitionCommit(
            partition,
            state.offset(),
            state.offset(),
            saved,
            Map.of(),
            Map.of(),
            Set.of(),
            Map.of(),
            released,
            Map.of(),
            0);
    state.write(commit);
    return Optional.of(commit);
  }

  /**
   * Drops from the outbox the legs their partitions have applied.
   *
   * @return the commit to write, or empty when none is applied yet
   */
  public Optional<PartitionCommit> acknowledge(Predicate<OutboundLeg> appliedThere) {
    Set<String> done = new HashSet<>();
    state
        .outbox()
        .forEach(
            (key, leg) -> {
              if (appliedThere.test(leg)) {
                done.add(key);
              }
            });
    if (done.isEmpty()) {
      return Optional.empty();
    }
    PartitionCommit commit =
        new PartitionCommit(
            partition,
            state.offset(),
            state.offset(),
            Map.of(),
            Map.of(),
            Map.of(),
            done,
            Map.of(),
            Set.of(),
            Map.of(),
            0);
    state.write(commit);
    return Optional.of(commit);
  }

  private void requireHere(PartitionCommand command) {
    if (command instanceof PartitionCommand.AccountCommand about
        && shards.isSystem(about.account())
        && !(tokenLine(command) && holds(about.account()))) {
      // a shard's cash and positions change only by the ledger's own steps on its own partition;
      // its token lines (a treasury's deposit, seized coins) are proven like anyone's, there
      throw new IllegalArgumentException(
          "system accounts are changed by the ledger's own steps only: " + command);
    }
    int home = command.partition(partitioner);
    if (home != partition) {
      throw new IllegalArgumentException(
          "a command is applied on its account's partition: "
              + command
              + " is for partition "
              + home
              + ", not "
              + partition);
    }
  }

  /** The key under which a partition remembers that an intent's reservation was released. */
  private static String releasedKey(Address account, OrderId intent) {
    return "released/" + Reservation.key(account, intent);
  }

  /** The key under which a partition remembers that it paid an intent's reserved cash. */
  private static String payoutKey(Address account, OrderId intent) {
    return "payout/" + Reservation.key(account, intent);
  }

  private void requireMarket(String market) {
    if (engine.market(market).isEmpty()) {
      throw new IllegalArgumentException("unknown market " + market);
    }
  }

  private static Map<String, Long> stamped(Set<String> keys, long now) {
    Map<String, Long> stamped = new HashMap<>();
    keys.forEach(key -> stamped.put(key, now));
    return stamped;
  }

  /** Kept once a liquidation is completed, by whom: the same completion asked again is answered. */
  private static String completedKey(
      Address account, long liquidation, Optional<Takeover> takeover) {
    return "liquidation/"
        + account.toLowerHex()
        + "/"
        + liquidation
        + "/"
        + takeover.map(t -> t.taker().toLowerHex()).orElse("none");
  }

  /** One command's changes, gathered before they are committed. */
  private final class Step {
    private final long offset;
    private final Set<String> applied = new HashSet<>();
    private final Map<String, OutboundLeg> outbox = new HashMap<>();
    private final Map<String, Reservation> reserved = new HashMap<>();
    private final Set<String> released = new HashSet<>();
    private final Map<String, String> funding = new HashMap<>();

    Step(long offset) {
      this.offset = offset;
    }

    String apply(PartitionCommand command) {
      return outcome(this, command);
    }

    /** The desk's completion of a liquidation the engine holds open. */
    String complete(PartitionCommand.CompleteLiquidation c) {
      String mine = completedKey(c.account(), c.liquidation(), c.takeover());
      if (state.applied(mine)) {
        return "completed"; // asked again
      }
      boolean done = engine.completeLiquidation(c.account(), c.liquidation(), c.takeover());
      if (done) {
        applied.add(mine);
        return "completed";
      }
      return engine.liquidationOpen(c.account(), c.liquidation())
          ? "refused: stale-price"
          : "refused: not-open";
    }

    String book(PartitionCommand.BookTrade book) {
      if (shards.isSystem(book.trade().maker())) {
        // its leg would go to the partition its address hashes to, not its shard's own; and the
        // fee pool's would share a key with the fee's
        throw new IllegalArgumentException("system accounts do not trade through the log");
      }
      requireMarket(book.trade().market());
      if (state.applied(TradeLeg.key(book.tradeId(), book.trade().taker()))) {
        // asked again: all its legs were booked or sent by the first commit, with their stamps
        return "booked";
      }
      String open = FundingFields.open(book.trade().market()); // metered once, where booked
      funding.put(
          open, sums(open).plusFill(book.trade().takerDelta(), book.trade().price()).write());
      long stamp = number(FundingFields.lastClosed(book.trade().market()));
      for (TradeLeg leg : book.trade().legs(book.tradeId(), feePool)) {
        route(leg, stamp);
      }
      return "booked";
    }

    /**
     * Books a leg here when its account is here (the fee pool's shard always is), else sends it.
     */
    void route(TradeLeg leg, long stamp) {
      route(leg, stamp, false);
    }

    void route(TradeLeg leg, long stamp, boolean capped) {
      int target = leg.account().equals(feePool) ? partition : partitioner.of(leg.account());
      if (target == partition) {
        applyHere(leg, stamp);
      } else {
        outbox.put(leg.key(), new OutboundLeg(target, leg, stamp, capped));
      }
    }

    /**
     * Books an auto-deleverage leg relayed from another partition once, as far as its account still
     * holds the position it closes (it may have reduced it since it was ranked): the insurance
     * fund's shard here takes the rest at the same price, so the trade stays whole.
     */
    void applyCapped(TradeLeg leg, long stamp) {
      if (state.applied(leg.key())) {
        return;
      }
      BigInteger held = engine.snapshot(leg.account()).account().position(leg.market()).size();
      List<TradeLeg> parts = CappedLegs.split(leg, held, shards.insuranceFund(partition));
      if (parts.size() == 1 && parts.get(0) == leg) {
        applyHere(leg, stamp);
        return;
      }
      applied.add(leg.key());
      for (TradeLeg part : parts) {
        engine.onTradeLeg(part, null);
        cut(part, stamp);
      }
    }

    /** Drops the reservation held under the leg's key, if any: the leg is what it held for. */
    void consumeHeld(TradeLeg leg) {
      Reservation held = state.reservation(leg.key());
      if (held != null && released.add(leg.key())) {
        engine.release(leg.account(), held.intent());
      }
    }

    /** Books the leg once, consuming the reservation its intent holds on the account. */
    void applyHere(TradeLeg leg, long stamp) {
      if (state.applied(leg.key()) || !applied.add(leg.key())) {
        return;
      }
      Reservation held = state.reservation(leg.key());
      engine.onTradeLeg(leg, held == null ? null : held.intent());
      if (held != null) {
        released.add(leg.key());
      }
      if (leg.delta().signum() != 0) {
        cut(leg, stamp);
      }
    }

    /**
     * Keeps the funding right for a leg that crossed a funding cut on its way (the trade counts in
     * every interval ending after its stamp): left out of the settlements of intervals up to its
     * stamp that are not settled here yet, and paid now for those after its stamp settled here
     * without it.
     */
    void cut(TradeLeg leg, long stamp) {
      if (stamp == OutboundLeg.NO_STAMP) {
        return;
      }
      long settledUpTo = number(FundingFields.lastSettled(leg.market()));
      if (stamp > settledUpTo) {
        String field = FundingFields.after(leg.market(), stamp, leg.account());
        funding.put(field, amount(field).add(leg.delta()).toString());
      } else if (stamp < settledUpTo) {
        for (Map.Entry<String, String> e : state.fundingBook().entrySet()) {
          OptionalLong end = FundingFields.settledEnd(e.getKey(), leg.market());
          if (end.isPresent() && end.getAsLong() > stamp) {
            PartitionStore.FundingDecision d = PartitionStore.FundingDecision.read(e.getValue());
            engine.payFundingLate(leg.account(), leg.market(), leg.delta(), d.index(), d.rate());
          }
        }
      }
    }

    /**
     * A number kept in the funding book under {@code field}, as this step leaves it (0 if none).
     */
    long number(String field) {
      return amount(field).longValueExact();
    }

    BigInteger amount(String field) {
      String value = value(field);
      return value == null ? BigInteger.ZERO : new BigInteger(value);
    }

    /** The funding book's field as this step leaves it so far; null if none. */
    String value(String field) {
      String value = funding.containsKey(field) ? funding.get(field) : state.funding(field);
      return value == null || value.isEmpty() ? null : value;
    }

    String reserve(Reservation r) {
      Reservation held = state.reservation(r.key());
      if (held != null && engine.reservation(r.account(), r.intent()).isPresent()) {
        if (Reservation.askedBefore(r.request(), held.request())) {
          // asked before the request that holds it, applied after it (a reserve through the log
          // that one applied on the writer overtook, or a slow producer): it neither takes the hold
          // over, or the release its asker may publish would drop what the holder was answered
          // for, nor is it answered accepted, or its asker could store an intent whose hold
          // belongs to a request that may yet be released; it may ask again
          return ReserveAnswer.of(new Decision(false, Decision.Reason.LEDGER_UNAVAILABLE, null));
        }
        if (!held.request().equals(r.request())) {
          reserved.put(r.key(), held.ownedBy(r.request())); // the request asked last owns it
        }
        return ReserveAnswer.ACCEPTED; // asked again: it holds its margin already
      }
      String closed = closed(r);
      if (closed != null) {
        return closed;
      }
      Decision decision = engine.reserve(r.account(), r.intent(), r.change());
      if (decision.accepted()) {
        reserved.put(r.key(), r);
      }
      return ReserveAnswer.of(decision);
    }

    String reprice(Reservation r) {
      Reservation held = state.reservation(r.key());
      if (held != null && held.change().equals(r.change())) {
        return ReserveAnswer.ACCEPTED; // asked again: it holds this very change
      }
      String closed = closed(r);
      if (closed != null) {
        return closed;
      }
      engine.release(r.account(), r.intent());
      Decision decision = engine.reserve(r.account(), r.intent(), r.change());
      if (decision.accepted()) {
        reserved.put(r.key(), r); // written over the held one
      } else {
        if (held != null) {
          released.add(r.key());
        }
        applied.add(releasedKey(r.account(), r.intent())); // the intent is rejected: it is over
      }
      return ReserveAnswer.of(decision);
    }

    /** The refusal of a reserve for an intent that is over; null while it is not. */
    private String closed(Reservation r) {
      if (state.applied(r.key())) {
        return "refused: filled"; // its trade is booked: a reservation now would never be freed
      }
      if (state.applied(payoutKey(r.account(), r.intent()))) {
        return "refused: paid"; // a late retry: held again, the margin would never be freed
      }
      if (state.applied(releasedKey(r.account(), r.intent()))) {
        return "refused: released"; // the intent is over: cancelled, expired or rejected
      }
      return null;
    }

    String release(PartitionCommand.Release release) {
      Address account = release.account();
      OrderId intent = release.intent();
      String key = Reservation.key(account, intent);
      Reservation held = state.reservation(key);
      if (held != null && (release.request() == null || release.request().equals(held.request()))) {
        engine.release(account, intent);
        released.add(key);
      }
      if (release.terminal()) {
        applied.add(releasedKey(account, intent)); // a reserve that comes later holds nothing
      }
      return "released";
    }

    String prove(PartitionCommand.ProvenBalance proven) {
      String key = "proven/" + proven.requestId();
      if (state.applied(key)) {
        return "credited"; // asked again, perhaps after another change of the line: once
      }
      engine.onCollateralBalance(proven.account(), proven.key(), proven.balance(), "proven");
      applied.add(key);
      return "credited";
    }

    String payout(Address account, OrderId intent) {
      String key = Reservation.key(account, intent);
      if (state.applied(payoutKey(account, intent))) {
        if (state.reservation(key) != null) { // never held after a payout; dropped if it were
          engine.release(account, intent);
          released.add(key);
        }
        return "paid"; // asked again: paid once
      }
      Reservation held = state.reservation(key);
      if (held == null
          || !(held.change() instanceof ProposedChange.CashPayout cash)
          || cash.usd().signum() <= 0) {
        return "refused: not-reserved";
      }
      engine.onPayout(account, intent, cash.usd(), "payout " + intent.toHex());
      released.add(key);
      applied.add(payoutKey(account, intent));
      return "paid";
    }

    String adjust(PartitionCommand.AdjustCollateral adjust) {
      String key = "adjust/" + adjust.requestId();
      if (state.applied(key)) {
        return "adjusted"; // asked again: once
      }
      if (engine.balance(adjust.account(), adjust.key()).add(adjust.delta()).signum() < 0) {
        return "refused: insufficient-balance";
      }
      engine.onCollateral(adjust.account(), adjust.key(), adjust.delta(), "adjusted");
      applied.add(key);
      return "adjusted";
    }

    String move(PartitionCommand.MoveCash move) {
      String key = "cash/" + move.requestId();
      if (state.applied(key)) {
        return "moved"; // asked again: once
      }
      Address shard = shards.shard(move.system(), partition);
      boolean toAccount = move.usd().signum() > 0;
      engine.onTransfer(
          toAccount ? shard : move.account(),
          toAccount ? move.account() : shard,
          move.usd().abs(),
          "cash " + move.requestId());
      applied.add(key);
      return "moved";
    }

    /** The sums kept under {@code field}, as this step leaves them so far. */
    FillSums sums(String field) {
      String value = value(field);
      return value == null ? FillSums.ZERO : FillSums.read(value);
    }

    /**
     * Ends the partition's interval of the market: its sums are kept as closed, a new one opens.
     */
    String close(PartitionCommand.CloseFunding close) {
      String closed = FundingFields.closed(close.market(), close.intervalEnd());
      String settled = FundingFields.settled(close.market(), close.intervalEnd());
      if (state.funding(closed) == null && state.funding(settled) == null) {
        // a close produced again closes nothing twice
        String open = FundingFields.open(close.market());
        funding.put(closed, sums(open).write());
        funding.put(open, FillSums.ZERO.write());
        String last = FundingFields.lastClosed(close.market());
        if (close.intervalEnd() > number(last)) {
          funding.put(last, Long.toString(close.intervalEnd()));
        }
      }
      return "closed";
    }

    String settle(PartitionCommand.SettleFunding settlement) {
      String settled = FundingFields.settled(settlement.market(), settlement.intervalEnd());
      if (state.funding(settled) != null) {
        return "settled"; // produced again by a new funding clock: settled once
      }
      if (state.funding(FundingFields.closed(settlement.market(), settlement.intervalEnd()))
          == null) {
        return "refused: not-closed"; // its fills must be in the decision before it is paid
      }
      // what was traded after the cut and booked before now is left out of this settlement
      String market = settlement.market();
      long end = settlement.intervalEnd();
      Map<Address, BigInteger> excluded = new HashMap<>();
      for (Map.Entry<String, String> e : state.fundingBook().entrySet()) {
        Optional<Map.Entry<Long, Address>> after = FundingFields.afterEntry(e.getKey(), market);
        OptionalLong old = FundingFields.settledEnd(e.getKey(), market);
        if (after.isPresent() && after.get().getKey() >= end) {
          excluded.merge(after.get().getValue(), new BigInteger(e.getValue()), BigInteger::add);
        } else if (after.isPresent()
            || (old.isPresent() && old.getAsLong() < end - KEYS_KEPT_SECONDS)) {
          // an after-entry whose intervals are all settled now; or a decision so old that no leg
          // that late could be told from one relayed again (the keys kept)
          funding.put(e.getKey(), "");
        }
      }
      engine.settleFunding(market, settlement.index(), settlement.rate(), excluded);
      funding.put(
          settled,
          new PartitionStore.FundingDecision(settlement.index(), settlement.rate()).write());
      funding.put(FundingFields.closed(market, end), "");
      if (end > number(FundingFields.lastSettled(market))) {
        funding.put(FundingFields.lastSettled(market), Long.toString(end));
      }
      return "settled";
    }

    PartitionCommit commit() {
      long now = nowSeconds.getAsLong();
      Map<Address, Account> saved = takeSaved();
      dropped(saved.keySet(), released);
      released.forEach(reserved::remove); // what the engine no longer holds is not stored as held
      PartitionCommit commit =
          new PartitionCommit(
              partition,
              state.offset(),
              offset,
              saved,
              stamped(applied, now),
              outbox,
              Set.of(),
              reserved,
              released,
              funding,
              now > KEYS_KEPT_SECONDS ? now - KEYS_KEPT_SECONDS : 0);
      state.write(commit);
      return commit;
    }
  }
}
