package io.omnimargin.hub.settlement;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.settlement.credit.FrontedCredits;
import io.omnimargin.settlement.vault.VaultEvent;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deposits that solvers front before their proof. A front is checked against the chain (the
 * receipt's vault log, not the solver's word), the allow-list and the journal; the depositor is
 * credited at once, provisionally. A front not proven within its time is withdrawn from the
 * account, at the solver's cost; a proven one becomes a repayment owed to the solver.
 */
public final class FrontDesk implements ProvisionalCredits {
  private static final System.Logger LOG = System.getLogger(FrontDesk.class.getName());

  /** A provisional credit granted on a solver's front. */
  public record Fronted(
      String eventKey,
      Address account,
      long chainId,
      String asset,
      BigInteger amount,
      Address solver) {}

  private final FrontedCredits fronted;
  private final Set<Address> solvers;
  private final Map<Long, SettlementChain> chains;
  private final CollateralTokens tokens;
  private final MarginBook engine;
  private final MarginInputs inputs;
  private final Clock clock;
  private final long maxAgeSeconds;

  /**
   * @param solvers the operator's allow-list: only these may front
   * @param maxAgeSeconds how long a front may stay unproven
   */
  public FrontDesk(
      FrontedCredits fronted,
      Set<Address> solvers,
      Map<Long, SettlementChain> chains,
      CollateralTokens tokens,
      MarginBook engine,
      MarginInputs inputs,
      Clock clock,
      long maxAgeSeconds) {
    this.fronted = fronted;
    this.solvers = Set.copyOf(solvers);
    this.chains = chains;
    this.tokens = tokens;
    this.engine = engine;
    this.inputs = inputs;
    this.clock = clock;
    this.maxAgeSeconds = maxAgeSeconds;
  }

  /**
   * {@code solver} fronts deposit {@code depositNonce}, which it has seen in {@code
   * transactionHash} on {@code chainId}.
   *
   * @throws Refusal {@code solver-not-allowed}, {@code deposit-not-found}, {@code not-collateral},
   *     {@code deposit-already-settled}, {@code deposit-already-fronted}, {@code
   *     solver-front-limit}
   */
  public Fronted front(
      long chainId, String transactionHash, BigInteger depositNonce, Address solver) {
    if (!solvers.contains(solver)) {
      throw new Refusal(
          ProblemCode.SOLVER_NOT_ALLOWED, solver + " is not in omnimargin.solvers.allow");
    }
    SettlementChain chain = chains.get(chainId);
    if (chain == null) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "no settlement for chain " + chainId);
    }
    VaultEvent deposit =
        chain
            .deposits()
            .locked(transactionHash, depositNonce)
            .orElseThrow(
                () ->
                    new Refusal(
                        ProblemCode.DEPOSIT_NOT_FOUND,
                        "no deposit "
                            + depositNonce
                            + " of vault "
                            + chain.vault()
                            + " in transaction "
                            + transactionHash));
    CollateralKey key =
        tokens
            .key(chainId, deposit.token())
            .orElseThrow(
                () ->
                    new Refusal(
                        ProblemCode.NOT_COLLATERAL,
                        "token " + deposit.token() + " is not collateral"));
    record(solver, deposit);
    inputs.apply(
        new EngineInput.CollateralChange(
            deposit.account(),
            key,
            deposit.amount(),
            "fronted by solver " + solver + " (provisional)"));
    LOG.log(
        Level.INFO,
        "Deposit "
            + deposit.key()
            + " fronted by "
            + solver
            + ": "
            + deposit.amount()
            + " credited provisionally");
    return new Fronted(
        deposit.key(), deposit.account(), chainId, key.asset(), deposit.amount(), solver);
  }

  private void record(Address solver, VaultEvent deposit) {
    try {
      fronted.front(solver, deposit, clock.instant().getEpochSecond());
    } catch (FrontedCredits.FrontRefused e) {
      ProblemCode code =
          switch (e.refusal()) {
            case ALREADY_SETTLED -> ProblemCode.DEPOSIT_ALREADY_SETTLED;
            case ALREADY_FRONTED -> ProblemCode.DEPOSIT_ALREADY_FRONTED;
            case SOLVER_LIMIT -> ProblemCode.SOLVER_FRONT_LIMIT;
            case NOT_A_DEPOSIT -> ProblemCode.DEPOSIT_NOT_FOUND;
          };
      throw new Refusal(code, e.getMessage());
    }
  }

  /**
   * Withdraws every front older than its time and still unproven: the account loses the credit
   * (never more than its line holds), the solver carries the loss. Returns how many expired.
   */
  public int expire() {
    List<FrontedCredits.Provisional> due =
        fronted.expire(clock.instant().getEpochSecond(), maxAgeSeconds);
    due.forEach(this::withdraw);
    return due.size();
  }

  private void withdraw(FrontedCredits.Provisional p) {
    VaultEvent d = p.deposit();
    CollateralKey key = tokens.key(d.chainId(), d.token()).orElseThrow();
    Address owner = d.account();
    BigInteger have = engine.snapshot(owner).account().balance(key);
    LOG.log(
        Level.WARNING,
        "Fronted deposit "
            + d.key()
            + " not proven in time: withdrawn from "
            + owner
            + " at solver "
            + p.solver()
            + "'s cost");
    inputs.apply(
        new EngineInput.CollateralChange(
            owner,
            key,
            d.amount().min(have).negate(),
            "front by " + p.solver() + " expired unproven"));
  }

  /** A settled event: a front it proves becomes a repayment owed to its solver. */
  void proven(String eventKey) {
    fronted
        .proven(eventKey)
        .ifPresent(
            r ->
                LOG.log(
                    Level.INFO,
                    "Fronted deposit "
                        + eventKey
                        + " proven: solver "
                        + r.solver()
                        + " is owed "
                        + r.amount()
                        + " of token "
                        + r.token()));
  }

  /** Token units credited to {@code account} on fronts and not yet proven. */
  BigInteger outstanding(long chainId, Address account, Address token) {
    return fronted.outstanding(chainId, account, token);
  }

  @Override
  public BigInteger provisional(Address owner, long chainId, String asset) {
    return tokens
        .token(chainId, asset)
        .map(token -> fronted.outstanding(chainId, owner, token))
        .orElse(BigInteger.ZERO);
  }

  /** Fronts credited and not yet proven (nor expired). */
  public List<FrontedCredits.Provisional> outstanding() {
    return fronted.open();
  }

  /** Repayments owed to solvers for fronted deposits that were proven. */
  public List<FrontedCredits.Repayment> repayments() {
    return fronted.repayments();
  }
}
