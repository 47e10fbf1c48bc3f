package io.omnimargin.hub.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.OrderDataCodec;
import io.omnimargin.protocol.eip712.OrderDataType;
import io.omnimargin.protocol.json.OrderJson;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored form of an intent, shared by the durable stores (Redis, embedded): the signed order as the
 * wallet sent it (its addresses in lower case; the signature covers their bytes, not their
 * spelling) plus the signature, so that a stored intent can always be re-verified; the decoded
 * order data is derived on read. The history is kept as one JSON entry per status change.
 */
public final class IntentCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IntentCodec() {}

  public static String document(Intent intent) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("id", intent.id().toHex());
    // lower case, so the store reads it back without a keccak; documents written checksummed
    // before still read
    doc.set("order", OrderJson.write(intent.order(), Address::toLowerHex));
    doc.put("signature", intent.signature().toHex());
    doc.put("acceptedAt", intent.acceptedAt().toString());
    return doc.toString();
  }

  public static String historyEntry(StatusChange change) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("status", change.status().name());
    entry.put("at", change.at().toString());
    entry.put("reason", change.reason());
    return entry.toString();
  }

  /** A whole history as one JSON array of {@link #historyEntry} objects, oldest first. */
  public static String historyArray(List<StatusChange> history) {
    StringBuilder array = new StringBuilder("[");
    for (StatusChange change : history) {
      array.append(array.length() > 1 ? "," : "").append(historyEntry(change));
    }
    return array.append(']').toString();
  }

  /** The entries of a {@link #historyArray}, each as {@link #historyEntry} wrote it. */
  public static List<String> historyEntries(String array) {
    List<String> entries = new ArrayList<>();
    for (JsonNode entry : parse(array)) {
      entries.add(entry.toString());
    }
    return entries;
  }

  public static Intent read(String document, long sequence, List<String> historyEntries) {
    JsonNode doc = parse(document);
    GaslessCrossChainOrder order = OrderJson.parse(doc.get("order"));
    OrderDataType type = OrderDataType.fromTypeHash(order.orderDataType()).orElseThrow();
    Instant acceptedAt = Instant.parse(doc.get("acceptedAt").asText());
    List<StatusChange> history = new ArrayList<>(historyEntries.size());
    for (String raw : historyEntries) {
      JsonNode entry = parse(raw);
      Instant at = Instant.parse(entry.get("at").asText());
      String reason = entry.get("reason").asText();
      // the OPEN entry shares the intent's time and reason: an owner holds one per live auction
      history.add(
          new StatusChange(
              IntentStatus.valueOf(entry.get("status").asText()),
              at.equals(acceptedAt) ? acceptedAt : at,
              reason.equals(Intent.ACCEPTED) ? Intent.ACCEPTED : reason));
    }
    return new Intent(
        OrderId.parse(doc.get("id").asText()),
        order,
        OrderDataCodec.decode(type, order.orderData()),
        Signature.parse(doc.get("signature").asText()),
        acceptedAt,
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
