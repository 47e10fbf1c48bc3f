package io.omnimargin.service.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.OrderDataCodec;
import io.omnimargin.protocol.eip712.OrderDataType;
import io.omnimargin.protocol.json.OrderJson;
import io.omnimargin.protocol.types.OrderId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored form of an intent: the signed order exactly as the wallet sent it plus the signature, so
 * that a stored intent can always be re-verified; the decoded order data is derived on read.
 */
final class IntentCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IntentCodec() {}

  static String document(Intent intent) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("id", intent.id().toHex());
    doc.set("order", OrderJson.write(intent.order()));
    doc.put("signature", intent.signature().toHex());
    doc.put("acceptedAt", intent.acceptedAt().toString());
    return doc.toString();
  }

  static String historyEntry(StatusChange change) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("status", change.status().name());
    entry.put("at", change.at().toString());
    entry.put("reason", change.reason());
    return entry.toString();
  }

  static Intent read(String document, long sequence, List<String> historyEntries) {
    JsonNode doc = parse(document);
    GaslessCrossChainOrder order = OrderJson.parse(doc.get("order"));
    OrderDataType type = OrderDataType.fromTypeHash(order.orderDataType()).orElseThrow();
    List<StatusChange> history = new ArrayList<>(historyEntries.size());
    for (String raw : historyEntries) {
      JsonNode entry = parse(raw);
      history.add(
          new StatusChange(
              IntentStatus.valueOf(entry.get("status").asText()),
              Instant.parse(entry.get("at").asText()),
              entry.get("reason").asText()));
    }
    return new Intent(
        OrderId.parse(doc.get("id").asText()),
        order,
        OrderDataCodec.decode(type, order.orderData()),
        Signature.parse(doc.get("signature").asText()),
        Instant.parse(doc.get("acceptedAt").asText()),
        sequence,
        history);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt stored intent", e);
    }
  }
}
