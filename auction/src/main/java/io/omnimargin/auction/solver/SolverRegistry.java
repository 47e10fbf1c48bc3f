package io.omnimargin.auction.solver;

import io.omnimargin.auction.book.Auction;
import io.omnimargin.auction.book.BidRejection;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Who may bid. The operator's allow-list and bond (configuration now, on-chain bonding later)
 * decide who can register; a registration is the solver's signed {@link SolverRegistration}, good
 * once and only while fresh: its {@code issuedAt} must be within the registration window of the
 * hub's clock and after the last registration the solver made, so that an old signed registration
 * cannot be replayed (say, to set the name back). A solver whose fade rate passes the operator's
 * threshold, after enough awards to judge, is suspended and can no longer bid.
 *
 * <p>What it knows of each solver (its last registration, reputation and suspension) it keeps in
 * {@link SolverRecords} as well: it loads them all when built and saves a solver's record after
 * every change to it, so that a registry built again on the same records, after a restart or on
 * another replica, finds every solver as it was. A registration and a suspension are stored (the
 * records' {@link SolverRecords#flush}) before the call returns, outside the registry's lock. A
 * stored registration lets its solver bid only while the solver is on the allow-list.
 */
public final class SolverRegistry implements Auction.Eligibility {

  /** Why a registration was refused. */
  public static final class RegistrationRefused extends Exception {
    private static final long serialVersionUID = 1L;

    RegistrationRefused(String message) {
      super(message);
    }
  }

  /** A registered solver. */
  public record Registered(Address solver, String name, BigInteger bond) {}

  private final Map<Address, BigInteger> allowed;
  private final long maxFadeBasisPoints;
  private final long minAwardsToJudge;
  private final Map<Address, SolverRecord.Registration> registrations = new HashMap<>();
  private final Map<Address, String> suspended = new HashMap<>();
  private final Map<Address, Reputation> reputations = new HashMap<>();
  private final long windowSeconds;
  private final LongSupplier nowSeconds;
  private final SolverRecords records;

  /**
   * @param allowed the allow-list with each solver's bond
   * @param maxFadeBasisPoints suspend above this fade rate (UniswapX blocks above 12%: 1200)
   * @param minAwardsToJudge awards before the fade rate is applied
   * @param registrationWindow how far a registration's {@code issuedAt} may be from the hub's clock
   *     (either way)
   * @param nowSeconds the hub's clock, unix seconds
   */
  public SolverRegistry(
      Map<Address, BigInteger> allowed,
      long maxFadeBasisPoints,
      long minAwardsToJudge,
      Duration registrationWindow,
      LongSupplier nowSeconds) {
    this(
        allowed,
        maxFadeBasisPoints,
        minAwardsToJudge,
        registrationWindow,
        nowSeconds,
        SolverRecords.none());
  }

  /**
   * A registry that starts from every record in {@code records} and keeps each change there.
   *
   * @param records where the solvers are kept
   */
  public SolverRegistry(
      Map<Address, BigInteger> allowed,
      long maxFadeBasisPoints,
      long minAwardsToJudge,
      Duration registrationWindow,
      LongSupplier nowSeconds,
      SolverRecords records) {
    if (registrationWindow.isNegative()) {
      throw new IllegalArgumentException("the registration window must not be negative");
    }
    this.windowSeconds = registrationWindow.toSeconds();
    this.nowSeconds = nowSeconds;
    this.allowed = Map.copyOf(allowed);
    this.maxFadeBasisPoints = maxFadeBasisPoints;
    this.minAwardsToJudge = minAwardsToJudge;
    this.records = records;
    reload();
  }

  /**
   * Forgets what this registry holds and loads the records again: a replica that takes the auctions
   * over from another finds the registrations, reputations and suspensions that one kept.
   */
  public synchronized void reload() {
    registrations.clear();
    suspended.clear();
    reputations.clear();
    for (SolverRecord record : records.loadAll()) {
      restore(record);
    }
  }

  private void restore(SolverRecord record) {
    Address solver = record.solver();
    record.registration().ifPresent(r -> registrations.put(solver, r));
    record.suspension().ifPresent(reason -> suspended.put(solver, reason));
    reputations.put(solver, Reputation.of(record));
  }

  /** The record of {@code solver} as the registry knows it now. */
  public synchronized SolverRecord record(Address solver) {
    Reputation r = reputations.getOrDefault(solver, new Reputation());
    return new SolverRecord(
        solver,
        Optional.ofNullable(registrations.get(solver)),
        r.awards(),
        r.fills(),
        r.fades(),
        r.responses(),
        r.recentResponses(),
        Optional.ofNullable(suspended.get(solver)));
  }

  /** Under the lock: the records see a solver's changes in the order they were made. */
  private void save(Address solver) {
    if (records != SolverRecords.none()) { // no record to build for a store that keeps nothing
      records.save(record(solver));
    }
  }

  public Registered register(
      SolverRegistration registration,
      Signature signature,
      Eip712Domain domain,
      SignatureRecovery recovery)
      throws RegistrationRefused {
    Address signer;
    try {
      signer = recovery.recover(registration.digest(domain), signature);
    } catch (RuntimeException e) {
      throw new RegistrationRefused("the signature does not recover");
    }
    return register(registration, signer);
  }

  /**
   * Registers a solver whose registration the caller recovered to {@code signer} (the service
   * recovers every signature one way and answers its failures itself).
   */
  public Registered register(SolverRegistration registration, Address signer)
      throws RegistrationRefused {
    Registered r = accept(registration, signer);
    records.flush();
    return r;
  }

  private synchronized Registered accept(SolverRegistration registration, Address signer)
      throws RegistrationRefused {
    if (!signer.equals(registration.solver())) {
      throw new RegistrationRefused("signed by " + signer + ", not " + registration.solver());
    }
    BigInteger bond = allowed.get(signer);
    if (bond == null) {
      throw new RegistrationRefused(signer + " is not on the operator's allow-list");
    }
    checkFresh(registration);
    registrations.put(
        signer, new SolverRecord.Registration(registration.name(), bond, registration.issuedAt()));
    reputations.putIfAbsent(signer, new Reputation());
    save(signer);
    return new Registered(signer, registration.name(), bond);
  }

  /** Within the window of the hub's clock, and after the solver's last registration. */
  private void checkFresh(SolverRegistration registration) throws RegistrationRefused {
    long issuedAt = registration.issuedAt();
    long now = nowSeconds.getAsLong();
    if (issuedAt < now - windowSeconds || issuedAt > now + windowSeconds) {
      throw new RegistrationRefused(
          "issuedAt "
              + issuedAt
              + " is not within "
              + windowSeconds
              + " s of the hub's clock ("
              + now
              + "): sign a fresh registration");
    }
    SolverRecord.Registration last = registrations.get(registration.solver());
    if (last != null && issuedAt <= last.issuedAt()) {
      throw new RegistrationRefused(
          "issuedAt "
              + issuedAt
              + " is not after this solver's last registration ("
              + last.issuedAt()
              + "): a registration is good once; sign a new one");
    }
  }

  @Override
  public synchronized Optional<BidRejection> apply(Address solver) {
    if (!isRegistered(solver)) {
      return Optional.of(BidRejection.UNKNOWN_SOLVER);
    }
    if (suspended.containsKey(solver)) {
      return Optional.of(BidRejection.SOLVER_SUSPENDED);
    }
    return Optional.empty();
  }

  /**
   * Registered, and still on the allow-list (a registration loaded from the records may not be).
   */
  private boolean isRegistered(Address solver) {
    return registrations.containsKey(solver) && allowed.containsKey(solver);
  }

  public void suspend(Address solver, String reason) {
    synchronized (this) {
      suspended.put(solver, reason);
      save(solver);
    }
    records.flush();
  }

  public synchronized Optional<String> suspension(Address solver) {
    return Optional.ofNullable(suspended.get(solver));
  }

  public synchronized Set<Address> registered() {
    Set<Address> solvers = new HashSet<>();
    for (Address solver : registrations.keySet()) {
      if (isRegistered(solver)) {
        solvers.add(solver);
      }
    }
    return Set.copyOf(solvers);
  }

  public synchronized void awarded(Address solver) {
    reputation(solver).award();
    save(solver);
  }

  public synchronized void filled(Address solver) {
    reputation(solver).fill();
    save(solver);
  }

  /** Records a fade and suspends the solver if its fade rate is now over the threshold. */
  public void faded(Address solver) {
    if (fadeAndJudge(solver)) {
      records.flush();
    }
  }

  /** Answers whether the fade suspended the solver. */
  private synchronized boolean fadeAndJudge(Address solver) {
    Reputation r = reputation(solver);
    r.fade();
    boolean suspend =
        r.awards() >= minAwardsToJudge && r.fadeRateBasisPoints() > maxFadeBasisPoints;
    if (suspend) {
      suspended.put(
          solver,
          "fade rate " + r.fadeRateBasisPoints() / 100.0 + "% over " + r.awards() + " awards");
    }
    save(solver);
    return suspend;
  }

  public synchronized void responded(Address solver, long millis) {
    reputation(solver).responded(millis);
    save(solver);
  }

  /** The tie-break score the auction uses (higher first). */
  public synchronized long score(Address solver) {
    Reputation r = reputations.get(solver);
    return r == null ? 0 : r.score();
  }

  public synchronized Reputation reputation(Address solver) {
    return reputations.computeIfAbsent(solver, s -> new Reputation());
  }
}
