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
  private final Map<Address, Registered> registered = new HashMap<>();
  private final Map<Address, String> suspended = new HashMap<>();
  private final Map<Address, Reputation> reputations = new HashMap<>();
  private final Map<Address, Long> lastIssuedAt = new HashMap<>();
  private final long windowSeconds;
  private final LongSupplier nowSeconds;

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
    if (registrationWindow.isNegative()) {
      throw new IllegalArgumentException("the registration window must not be negative");
    }
    this.windowSeconds = registrationWindow.toSeconds();
    this.nowSeconds = nowSeconds;
    this.allowed = Map.copyOf(allowed);
    this.maxFadeBasisPoints = maxFadeBasisPoints;
    this.minAwardsToJudge = minAwardsToJudge;
  }

  public synchronized Registered register(
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
  public synchronized Registered register(SolverRegistration registration, Address signer)
      throws RegistrationRefused {
    if (!signer.equals(registration.solver())) {
      throw new RegistrationRefused("signed by " + signer + ", not " + registration.solver());
    }
    BigInteger bond = allowed.get(signer);
    if (bond == null) {
      throw new RegistrationRefused(signer + " is not on the operator's allow-list");
    }
    checkFresh(registration);
    lastIssuedAt.put(signer, registration.issuedAt());
    Registered r = new Registered(signer, registration.name(), bond);
    registered.put(signer, r);
    reputations.putIfAbsent(signer, new Reputation());
    return r;
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
    Long last = lastIssuedAt.get(registration.solver());
    if (last != null && issuedAt <= last) {
      throw new RegistrationRefused(
          "issuedAt "
              + issuedAt
              + " is not after this solver's last registration ("
              + last
              + "): a registration is good once; sign a new one");
    }
  }

  @Override
  public synchronized Optional<BidRejection> apply(Address solver) {
    if (!registered.containsKey(solver)) {
      return Optional.of(BidRejection.UNKNOWN_SOLVER);
    }
    if (suspended.containsKey(solver)) {
      return Optional.of(BidRejection.SOLVER_SUSPENDED);
    }
    return Optional.empty();
  }

  public synchronized void suspend(Address solver, String reason) {
    suspended.put(solver, reason);
  }

  public synchronized Optional<String> suspension(Address solver) {
    return Optional.ofNullable(suspended.get(solver));
  }

  public synchronized Set<Address> registered() {
    return Set.copyOf(registered.keySet());
  }

  public synchronized void awarded(Address solver) {
    reputation(solver).award();
  }

  public synchronized void filled(Address solver) {
    reputation(solver).fill();
  }

  /** Records a fade and suspends the solver if its fade rate is now over the threshold. */
  public synchronized void faded(Address solver) {
    Reputation r = reputation(solver);
    r.fade();
    if (r.awards() >= minAwardsToJudge && r.fadeRateBasisPoints() > maxFadeBasisPoints) {
      suspended.put(
          solver,
          "fade rate " + r.fadeRateBasisPoints() / 100.0 + "% over " + r.awards() + " awards");
    }
  }

  public synchronized void responded(Address solver, long millis) {
    reputation(solver).responded(millis);
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
