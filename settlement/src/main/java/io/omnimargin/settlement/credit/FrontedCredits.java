package io.omnimargin.settlement.credit;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.settlement.vault.VaultEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The intent-based settlement method: a solver fronts a deposit it has seen but the hub has not yet
 * proven, and the depositor is credited at once, provisionally. When the deposit's proof lands the
 * credit becomes ordinary and the solver is owed a repayment; if it never lands within the limit,
 * the provisional credit is withdrawn and the loss is the solver's.
 *
 * <p>Each change is written to a {@link FrontStore} before the method answers; the maps here are
 * the working copy, loaded from the store on construction.
 */
public final class FrontedCredits {

  /** A credit the hub gave before proof, on a solver's word and at its risk. */
  public record Provisional(String eventKey, Address solver, VaultEvent deposit, long frontedAt) {}

  /** What a solver is owed for a fronted deposit that was proven. */
  public record Repayment(
      String eventKey, Address solver, long chainId, Address token, BigInteger amount) {}

  /** Why a front was refused. */
  public enum Refusal {
    ALREADY_SETTLED("deposit-already-settled"),
    ALREADY_FRONTED("deposit-already-fronted"),
    NOT_A_DEPOSIT("not-a-deposit"),
    SOLVER_LIMIT("solver-front-limit");

    private final String code;

    Refusal(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** A refused front, with its typed reason. */
  public static final class FrontRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final Refusal refusal;

    public FrontRefused(Refusal refusal, String detail) {
      super(refusal.code() + ": " + detail);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  private final Map<String, Provisional> open = new ConcurrentHashMap<>();
  private final Map<String, Repayment> repayments = new ConcurrentHashMap<>();
  private final SettlementJournal journal;
  private final FrontStore store;
  private final int maxOpenPerSolver;

  /** Fronts kept in memory only: a restart forgets them. */
  public FrontedCredits(SettlementJournal journal, int maxOpenPerSolver) {
    this(journal, new InMemoryFrontStore(), maxOpenPerSolver);
  }

  /** Fronts kept in {@code store}; those it already holds are loaded. */
  public FrontedCredits(SettlementJournal journal, FrontStore store, int maxOpenPerSolver) {
    this.journal = journal;
    this.store = store;
    this.maxOpenPerSolver = maxOpenPerSolver;
    reload();
  }

  /** Records a solver's front of a deposit; the caller credits the depositor provisionally. */
  /**
   * Reads the open fronts and repayments from the store again: a replica that takes settlement over
   * from another sees what that one fronted.
   */
  public synchronized void reload() {
    open.clear();
    repayments.clear();
    store.openFronts().forEach(p -> open.put(p.eventKey(), p));
    store.repayments().forEach(r -> repayments.put(r.eventKey(), r));
  }

  public synchronized Provisional front(Address solver, VaultEvent deposit, long now)
      throws FrontRefused {
    if (deposit.kind() != VaultEvent.Kind.LOCKED) {
      throw new FrontRefused(Refusal.NOT_A_DEPOSIT, deposit.key());
    }
    if (journal.outcome(deposit.key()).isPresent()) {
      throw new FrontRefused(Refusal.ALREADY_SETTLED, deposit.key());
    }
    if (open.containsKey(deposit.key())) {
      throw new FrontRefused(Refusal.ALREADY_FRONTED, deposit.key());
    }
    long mine = open.values().stream().filter(p -> p.solver().equals(solver)).count();
    if (mine >= maxOpenPerSolver) {
      throw new FrontRefused(
          Refusal.SOLVER_LIMIT, solver + " already fronts " + mine + " unproven deposits");
    }
    Provisional p = new Provisional(deposit.key(), solver, deposit, now);
    store.opened(p);
    open.put(deposit.key(), p);
    return p;
  }

  /**
   * The deposit was proven: its credit is no longer provisional and the solver is owed the amount.
   * Idempotent (a replayed proof finds nothing open and changes nothing).
   */
  public synchronized Optional<Repayment> proven(String eventKey) {
    Provisional p = open.get(eventKey);
    if (p == null) {
      return Optional.empty();
    }
    Repayment r =
        new Repayment(
            eventKey, p.solver(), p.deposit().chainId(), p.deposit().token(), p.deposit().amount());
    store.proven(p, r);
    open.remove(eventKey);
    repayments.put(eventKey, r);
    return Optional.of(r);
  }

  /** Withdraws provisional credits older than {@code maxAgeSeconds}: the solver's loss. */
  public synchronized List<Provisional> expire(long now, long maxAgeSeconds) {
    List<Provisional> expired = new ArrayList<>();
    for (Provisional p : open.values()) {
      if (now - p.frontedAt() > maxAgeSeconds) {
        expired.add(p);
      }
    }
    if (!expired.isEmpty()) {
      store.withdrawn(expired);
      expired.forEach(p -> open.remove(p.eventKey()));
    }
    return expired;
  }

  /** The provisional part of a collateral line (not yet proven). */
  public BigInteger outstanding(long chainId, Address account, Address token) {
    BigInteger sum = BigInteger.ZERO;
    for (Provisional p : open.values()) {
      VaultEvent d = p.deposit();
      if (d.chainId() == chainId && d.account().equals(account) && d.token().equals(token)) {
        sum = sum.add(d.amount());
      }
    }
    return sum;
  }

  public List<Provisional> open() {
    return List.copyOf(open.values());
  }

  public List<Repayment> repayments() {
    return List.copyOf(repayments.values());
  }
}
