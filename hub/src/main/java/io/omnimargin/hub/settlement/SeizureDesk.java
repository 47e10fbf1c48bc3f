package io.omnimargin.hub.settlement;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.AccountSnapshot;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.CollateralLine;
import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.release.VaultAuthorization;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Collects a liquidation's loss from the account's collateral on its home chains. After the engine
 * closes every position, a loss larger than the account's cash leaves cash negative; the desk then
 * seizes collateral as the {@link SeizurePlan} sizes it, each seizure an EIP-712 authorisation
 * signed by the hub and sent to the vault by the relayer, the coins going to the insurance fund.
 * When settlement proves the {@code Seized} event (and so the lower balance), the seized value is
 * credited to the account's cash.
 *
 * <p>A debt is seized once: an account that stays underwater keeps causing liquidation events, and
 * while seizures for it are under way (being submitted, or submitted and not yet proven) those
 * events seize nothing; a debt left once they are proven is seized at the next liquidation.
 */
public final class SeizureDesk implements Consumer<MarginEvent> {
  private static final System.Logger LOG = System.getLogger(SeizureDesk.class.getName());

  private final MarginBook engine;
  private final RiskConfig risk;
  private final CollateralTokens tokens;
  private final MarginInputs inputs;
  private final PrivateKey hub;
  private final Address insurance;
  private final Map<Long, SettlementChain> chains;
  private final Executor executor;
  private final PendingSeizures pending;
  private final SeizureLog log;

  private final Optional<BigInteger> debtThreshold;

  /** Accounts whose debt is being collected now; guarded by {@code this}. */
  private final Set<Address> seizing = new HashSet<>();

  /**
   * @param insurance where seized coins go
   * @param executor where seizures are signed and relayed (they wait for the chain)
   * @param pending where seizures wait for their proof
   */
  public SeizureDesk(
      MarginBook engine,
      RiskConfig risk,
      CollateralTokens tokens,
      MarginInputs inputs,
      PrivateKey hub,
      Address insurance,
      Map<Long, SettlementChain> chains,
      Executor executor,
      PendingSeizures pending) {
    this(
        engine,
        risk,
        tokens,
        inputs,
        hub,
        insurance,
        chains,
        executor,
        pending,
        Optional.empty(),
        new SeizureLog(100));
  }

  /**
   * @param debtThreshold a debt larger than this (wad USD) is collected at once, before any
   *     liquidation; empty: only at liquidation and from proven deposits of the cash token
   */
  public SeizureDesk(
      MarginBook engine,
      RiskConfig risk,
      CollateralTokens tokens,
      MarginInputs inputs,
      PrivateKey hub,
      Address insurance,
      Map<Long, SettlementChain> chains,
      Executor executor,
      PendingSeizures pending,
      Optional<BigInteger> debtThreshold,
      SeizureLog log) {
    this.log = log;
    this.debtThreshold = debtThreshold;
    this.engine = engine;
    this.risk = risk;
    this.tokens = tokens;
    this.inputs = inputs;
    this.hub = hub;
    this.insurance = insurance;
    this.chains = chains;
    this.executor = executor;
    this.pending = pending;
  }

  @Override
  public void accept(MarginEvent event) {
    if (event instanceof MarginEvent.Liquidation liquidation) {
      executor.execute(
          () -> seize(liquidation.owner(), "liquidation", liquidation.at(), l -> true));
    } else if (event instanceof MarginEvent.Valued valued) {
      collectDebt(valued);
    }
  }

  /**
   * A debt past the threshold is collected now, from every line; below it, a proven deposit repays
   * it from the cash token's lines (so a deposit of USDC goes to the debt first).
   */
  private void collectDebt(MarginEvent.Valued valued) {
    Address owner = valued.owner();
    if (engine.clearing().isSystem(owner)) {
      return;
    }
    BigInteger debt = engine.cash(owner).negate();
    if (debt.signum() <= 0) {
      return;
    }
    if (debtThreshold.isPresent() && debt.compareTo(debtThreshold.get()) > 0) {
      executor.execute(() -> seize(owner, "debt", valued.at(), l -> true));
    } else if (valued.cause().startsWith("proof ")) {
      executor.execute(() -> seize(owner, "repayment", valued.at(), SeizurePlan::isCash));
    }
  }

  private void seize(Address owner, String reason, long at, Predicate<CollateralLine> lines) {
    if (!begin(owner)) {
      LOG.log(
          Level.INFO,
          reason + " of " + owner + ": its debt is being seized already; waiting for the proof");
      return;
    }
    try {
      AccountSnapshot snapshot = engine.snapshot(owner);
      LongPredicate seizable =
          chainId -> chains.containsKey(chainId) && chains.get(chainId).relayer().isPresent();
      SeizurePlan.carryOut(snapshot, risk, seizable, lines, s -> submit(owner, reason, at, s));
    } finally {
      synchronized (this) {
        seizing.remove(owner);
      }
    }
  }

  /** Claims the account's debt for this liquidation: false while seizures for it are under way. */
  private synchronized boolean begin(Address owner) {
    if (seizing.contains(owner) || pending.pendingFor(owner)) {
      return false;
    }
    seizing.add(owner);
    return true;
  }

  /** Signs and relays one seizure; false when the vault or the chain refused it. */
  private boolean submit(Address owner, String reason, long at, SeizurePlan.Seizure s) {
    SettlementChain chain = chains.get(s.chainId());
    Bytes32 id =
        Bytes32.wrap(
            Keccak.hash(
                (reason + ":" + owner + ":" + at + ":" + s.chainId() + ":" + s.asset())
                    .getBytes(StandardCharsets.UTF_8)));
    VaultAuthorization auth =
        new VaultAuthorization(
            VaultAuthorization.Kind.SEIZE,
            s.chainId(),
            chain.vault(),
            id,
            owner,
            tokens.token(s.chainId(), s.asset()).orElseThrow(),
            s.units(),
            insurance);
    String key = s.chainId() + "/" + chain.vault().toLowerHex() + "/seize/" + id.toHex();
    pending.put(new PendingSeizures.Pending(key, owner, s.usd()));
    log.sent(SeizureLog.Entry.pending(key, owner, s, reason));
    try {
      chain.relayer().orElseThrow().submit(auth, auth.sign(hub));
      LOG.log(
          Level.INFO,
          reason
              + " of "
              + owner
              + ": seizing "
              + s.units()
              + " "
              + s.asset()
              + " on chain "
              + s.chainId()
              + " (USD "
              + Wad.format(s.usd())
              + ") for the insurance fund");
      return true;
    } catch (RuntimeException e) {
      pending.take(key);
      log.refused(key, String.valueOf(e.getMessage()));
      LOG.log(
          Level.ERROR,
          reason
              + " of "
              + owner
              + ": seizure on chain "
              + s.chainId()
              + " refused: "
              + e.getMessage());
      return false;
    }
  }

  /**
   * Settlement applied a vault event: a proven seizure pays the account's debt. Under the desk's
   * lock, so that no new collection of the same account begins between the seizure leaving the
   * pending list and its value reaching the account's cash.
   */
  public synchronized void applied(String eventKey) {
    log.proven(eventKey);
    pending
        .take(eventKey)
        .ifPresent(
            // the insurance fund got the collateral: it pays the account for it, in cash
            p ->
                inputs.apply(
                    new EngineInput.Transfer(
                        engine.clearing().insuranceFund(),
                        p.owner(),
                        p.usd(),
                        "seizure proven " + eventKey)));
  }
}
