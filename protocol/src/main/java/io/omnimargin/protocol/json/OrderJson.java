package io.omnimargin.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.InvalidFieldException;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import java.util.Iterator;
import java.util.Set;

/** The {@code order} object a wallet passes as {@code message} to {@code eth_signTypedData_v4}. */
public final class OrderJson {
  /** Largest {@code orderData} accepted; both known types are far smaller (224 and 128 bytes). */
  public static final int MAX_ORDER_DATA_BYTES = 1024;

  private static final Set<String> FIELDS =
      Set.of(
          "originSettler",
          "user",
          "nonce",
          "originChainId",
          "openDeadline",
          "fillDeadline",
          "orderDataType",
          "orderData");

  private OrderJson() {}

  /**
   * Parses the eight fields; unknown fields are refused because the signature would not cover them.
   *
   * @throws InvalidFieldException naming the field (relative to the order object)
   */
  public static GaslessCrossChainOrder parse(JsonNode order) {
    if (order == null || !order.isObject()) {
      throw new InvalidFieldException("order", "order must be a JSON object");
    }
    for (Iterator<String> names = order.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidFieldException(name, "unknown field " + name);
      }
    }
    return new GaslessCrossChainOrder(
        JsonValues.address(order, "originSettler"),
        JsonValues.address(order, "user"),
        JsonValues.uint(order, "nonce", 256),
        JsonValues.uint(order, "originChainId", 256),
        JsonValues.uint(order, "openDeadline", 32).toBigInteger().longValueExact(),
        JsonValues.uint(order, "fillDeadline", 32).toBigInteger().longValueExact(),
        JsonValues.bytes32(order, "orderDataType"),
        JsonValues.bytes(order, "orderData", MAX_ORDER_DATA_BYTES));
  }

  /** Writes the order in the wallet's form: uint256 as decimal strings, uint32 as numbers. */
  public static ObjectNode write(GaslessCrossChainOrder order) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("originSettler", order.originSettler().toChecksumHex());
    node.put("user", order.user().toChecksumHex());
    node.put("nonce", order.nonce().toString());
    node.put("originChainId", order.originChainId().toString());
    node.put("openDeadline", order.openDeadline());
    node.put("fillDeadline", order.fillDeadline());
    node.put("orderDataType", order.orderDataType().toHex());
    node.put("orderData", order.orderData().toHex());
    return node;
  }
}
