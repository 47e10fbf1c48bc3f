package io.omnimargin.service.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.InvalidFieldException;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.json.JsonValues;
import io.omnimargin.protocol.json.OrderJson;
import io.omnimargin.protocol.types.OrderId;
import java.util.Set;

/** The intent endpoints' bodies as wire values, read from objects {@link EdgeJson} parsed. */
final class RequestBodies {
  /** The members an intent submission may have: the signature covers nothing else. */
  static final Set<String> SUBMIT = Set.of("order", "signature");

  private RequestBodies() {}

  record Submit(GaslessCrossChainOrder order, String signature) {}

  record Cancel(OrderId orderId, String signature) {}

  static Submit submit(JsonNode node) {
    JsonNode order = node.get("order");
    if (order == null || order.isNull()) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "order is required", "order");
    }
    return new Submit(order(order), signature(node));
  }

  static Cancel cancel(JsonNode node, String orderIdField) {
    return new Cancel(EdgeJson.orderId(text(node, orderIdField), orderIdField), signature(node));
  }

  static String signature(JsonNode node) {
    return text(node, "signature");
  }

  private static GaslessCrossChainOrder order(JsonNode order) {
    try {
      return OrderJson.parse(order);
    } catch (InvalidFieldException e) {
      InvalidFieldException located = e.field().equals("order") ? e : e.under("order");
      throw new Refusal(ProblemCode.INVALID_FIELD, e.getMessage(), located.field());
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, e.getMessage(), "order");
    }
  }

  private static String text(JsonNode node, String field) {
    try {
      return JsonValues.text(node, field);
    } catch (InvalidFieldException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, e.getMessage(), field);
    }
  }
}
