package io.omnimargin.hub.margin;

import io.omnimargin.hub.intake.IntakeGate;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.types.Address;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Intake's pre-trade margin check: reserves margin for each open intent or refuses it with numbers.
 */
public final class MarginGate implements IntakeGate {
  private final MarginBook engine;
  private final RiskConfig risk;
  private final boolean enabled;
  private final RouteConcentrationGuard concentration;

  /**
   * @param enabled whether intake is gated (off, every intent is admitted and nothing reserved)
   */
  public MarginGate(MarginBook engine, RiskConfig risk, boolean enabled) {
    this(engine, risk, enabled, RouteConcentrationGuard.NONE);
  }

  /**
   * @param concentration refuses new risk on a route past its concentration cap
   */
  public MarginGate(
      MarginBook engine, RiskConfig risk, boolean enabled, RouteConcentrationGuard concentration) {
    this.engine = engine;
    this.risk = risk;
    this.enabled = enabled;
    this.concentration = concentration;
  }

  @Override
  public void admit(Intent intent) {
    if (!enabled) {
      return;
    }
    ProposedChange change = change(intent);
    liquidity(change);
    concentration.check(owner(intent), change);
    Decision decision = engine.reserve(owner(intent), intent.id(), change);
    if (!decision.accepted()) {
      throw refusal(decision);
    }
  }

  @Override
  public void restore(Intent intent) {
    if (enabled) {
      engine.restoreReservation(owner(intent), intent.id(), change(intent));
    }
  }

  @Override
  public void release(Intent intent) {
    engine.release(owner(intent), intent.id());
  }

  @Override
  public void releaseUnstored(Intent intent) {
    engine.releaseUnstored(owner(intent), intent.id());
  }

  public static Address owner(Intent intent) {
    return intent.order().user();
  }

  private ProposedChange change(Intent intent) {
    if (intent.data() instanceof MarginOrder m) {
      return new ProposedChange.Order(
          m.market().symbol(),
          m.isBuy(),
          m.size().toBigInteger(),
          m.limitPrice().toBigInteger(),
          m.reduceOnly());
    }
    return WithdrawalChange.of(engine, risk, owner(intent), (CollateralWithdrawal) intent.data());
  }

  /** A payout from cash needs the settlement pool to hold the tokens on that chain. */
  private void liquidity(ProposedChange change) {
    if (change instanceof ProposedChange.CashPayout payout
        && engine
                .balance(engine.clearing().settlementPool(), payout.collateral())
                .compareTo(payout.units())
            < 0) {
      throw new Refusal(
          ProblemCode.INSUFFICIENT_LIQUIDITY,
          "the settlement pool holds less than "
              + payout.units()
              + " base units of "
              + payout.collateral().asset()
              + " on chain "
              + payout.collateral().chainId(),
          "order.orderData.amount");
    }
  }

  /** The problem for a refused check, carrying the numbers behind it (decimal USD strings). */
  public static Refusal refusal(Decision decision) {
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("reason", decision.reason().name());
    if (decision.after() != null) {
      numbers.put("avInitial", Wad.format(decision.after().avInitial()));
      numbers.put("imrAfter", Wad.format(decision.after().imr()));
      numbers.put("shortfall", Wad.format(decision.shortfall()));
    }
    return switch (decision.reason()) {
      case STALE_PRICE ->
          new Refusal(
              ProblemCode.STALE_PRICE, "no position may grow against a stale price", null, numbers);
      case NOT_REDUCING ->
          new Refusal(
              ProblemCode.NOT_REDUCING,
              "a reduce-only order must reduce the position",
              null,
              numbers);
      case UNKNOWN_MARKET ->
          new Refusal(
              ProblemCode.UNKNOWN_MARKET,
              "the margin engine does not list this market",
              null,
              numbers);
      case INSUFFICIENT_CASH ->
          new Refusal(
              ProblemCode.INSUFFICIENT_CASH,
              "a withdrawal beyond the account's own balance is paid from positive cash, and the"
                  + " cash free of open intents is less",
              "order.orderData.amount",
              numbers);
      case NOT_COLLATERAL ->
          new Refusal(ProblemCode.NOT_COLLATERAL, "not accepted as collateral", null, numbers);
      case LEDGER_UNAVAILABLE ->
          new Refusal(
              ProblemCode.OWNER_UNAVAILABLE,
              "the account's ledger did not answer in time; nothing is held, try again",
              null,
              Map.of("retryAfterSeconds", 1L));
      case INTENT_CLOSED ->
          new Refusal(
              ProblemCode.INTENT_CLOSED,
              "the intent was filled, paid out or ended: no margin is held for it again",
              null,
              numbers);
      default ->
          new Refusal(
              ProblemCode.INSUFFICIENT_MARGIN,
              "after this intent the account's initial-margin value would be below its requirement",
              null,
              numbers);
    };
  }
}
