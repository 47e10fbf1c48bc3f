package io.omnimargin.hub.intake;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.InvalidFieldException;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.eip712.OrderData;
import io.omnimargin.protocol.eip712.OrderDataCodec;
import io.omnimargin.protocol.eip712.OrderDataType;
import java.time.Instant;

/** The checks an order must pass before its signature is worth recovering (cheap ones first). */
final class OrderRules {
  private final IntakePolicy policy;

  OrderRules(IntakePolicy policy) {
    this.policy = policy;
  }

  /** Checks domain, deadlines and order data; returns the decoded order data. */
  OrderData check(GaslessCrossChainOrder order, Instant now) {
    checkDomain(order);
    if (order.fillDeadline() < order.openDeadline()) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD,
          "fillDeadline must not be before openDeadline",
          "order.fillDeadline");
    }
    if (now.getEpochSecond() > order.openDeadline()) {
      throw new Refusal(
          ProblemCode.EXPIRED,
          "openDeadline " + order.openDeadline() + " has passed (now " + now.getEpochSecond() + ")",
          "order.openDeadline");
    }
    OrderDataType type =
        OrderDataType.fromTypeHash(order.orderDataType())
            .orElseThrow(
                () ->
                    new Refusal(
                        ProblemCode.UNKNOWN_ORDER_TYPE,
                        "orderDataType "
                            + order.orderDataType()
                            + " is neither MarginOrder nor CollateralWithdrawal",
                        "order.orderDataType"));
    OrderData data;
    try {
      data = OrderDataCodec.decode(type, order.orderData());
    } catch (InvalidFieldException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, e.getMessage(), "order." + e.field());
    }
    checkContent(data);
    return data;
  }

  private void checkDomain(GaslessCrossChainOrder order) {
    if (!order.originSettler().equals(policy.domain().verifyingContract())) {
      throw new Refusal(
          ProblemCode.WRONG_DOMAIN,
          "originSettler must be the hub settler " + policy.domain().verifyingContract(),
          "order.originSettler");
    }
    if (!policy.domain().chainId().matches(order.originChainId())) {
      throw new Refusal(
          ProblemCode.WRONG_DOMAIN,
          "originChainId must be the hub chain " + policy.domain().chainId(),
          "order.originChainId");
    }
  }

  private void checkContent(OrderData data) {
    if (data instanceof MarginOrder m) {
      if (!policy.markets().contains(m.market())) {
        throw new Refusal(
            ProblemCode.UNKNOWN_MARKET,
            "market " + m.market() + " is not listed",
            "order.orderData.market");
      }
      positive(m.size().isZero(), "size");
      positive(m.limitPrice().isZero(), "limitPrice");
    } else if (data instanceof CollateralWithdrawal w) {
      positive(w.amount().isZero(), "amount");
    }
  }

  private static void positive(boolean isZero, String name) {
    if (isZero) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, name + " must be positive", "order.orderData." + name);
    }
  }
}
