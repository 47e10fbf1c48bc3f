package io.omnimargin.hub.settlement;

import io.omnimargin.hub.margin.WithdrawalChange;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.util.Optional;

/**
 * Withdrawals paid from positive cash. The tokens leave the settlement pool's vault balance, so the
 * account's cash moves to the pool as the release is signed (before it is relayed: the same cash
 * cannot be spent twice meanwhile), and moves back if the vault refuses the release. Either way the
 * sum of all cash is unchanged; the pool's tokens fall when settlement proves the release.
 */
public final class CashPayouts {
  private final MarginBook engine;
  private final RiskConfig risk;
  private final MarginInputs inputs;

  public CashPayouts(MarginBook engine, RiskConfig risk, MarginInputs inputs) {
    this.engine = engine;
    this.risk = risk;
    this.inputs = inputs;
  }

  /**
   * The payout this withdrawal is, if it is paid from cash: as intake reserved it, or (intake not
   * gated) as decided now.
   */
  public Optional<ProposedChange.CashPayout> payout(
      Address owner, OrderId id, CollateralWithdrawal w) {
    ProposedChange change =
        engine.reservation(owner, id).orElseGet(() -> WithdrawalChange.of(engine, risk, owner, w));
    return change instanceof ProposedChange.CashPayout p ? Optional.of(p) : Optional.empty();
  }

  /** The vault account the tokens of a payout come from. */
  public Address pool() {
    return engine.clearing().settlementPool();
  }

  /**
   * Whether the payout may go ahead: intake reserved it (and so checked cash and margin), or, with
   * intake not gated, the account's cash covers it now.
   */
  public boolean covered(Address owner, OrderId id, ProposedChange.CashPayout payout) {
    return engine.reservation(owner, id).isPresent()
        || engine.cash(owner).compareTo(payout.usd()) >= 0;
  }

  /** Moves the cash to the pool as the release is signed. */
  public void book(Address owner, OrderId id, ProposedChange.CashPayout payout) {
    inputs.apply(new EngineInput.Payout(owner, id, payout.usd(), "payout " + id.toHex()));
  }

  /** Moves it back: the vault refused the release. */
  public void undo(Address owner, OrderId id, ProposedChange.CashPayout payout) {
    inputs.apply(
        new EngineInput.Transfer(pool(), owner, payout.usd(), "payout refused " + id.toHex()));
  }
}
