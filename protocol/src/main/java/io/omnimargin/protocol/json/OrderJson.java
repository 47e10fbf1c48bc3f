package io.omnimargin.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.InvalidFieldException;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.types.Address;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

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

  /**
   * Writes the order in the wallet's form: addresses EIP-55 checksummed, uint256 as decimal
   * strings, uint32 as numbers.
   */
  public static ObjectNode write(GaslessCrossChainOrder order) {
    return write(order, Address::toChecksumHex);
  }

  /**
   * The same with addresses spelled by {@code spelling}: a store's own documents use lower case,
   * which reads back without the keccak that checking a checksum costs.
   */
  public static ObjectNode write(GaslessCrossChainOrder order, Function<Address, String> spelling) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("originSettler", spelling.apply(order.originSettler()));
    node.put("user", spelling.apply(order.user()));
    node.put("nonce", order.nonce().toString());
    node.put("originChainId", order.originChainId().toString());
    node.put("openDeadline", order.openDeadline());
    node.put("fillDeadline", order.fillDeadline());
    node.put("orderDataType", order.orderDataType().toHex());
    node.put("orderData", order.orderData().toHex());
    return node;
  }
}
