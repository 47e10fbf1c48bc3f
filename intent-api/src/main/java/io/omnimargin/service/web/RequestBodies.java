package io.omnimargin.service.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.InvalidFieldException;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.json.JsonValues;
import io.omnimargin.protocol.json.OrderJson;
import io.omnimargin.protocol.types.OrderId;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/** Parses request bodies into wire values, every failure a problem naming the field. */
final class RequestBodies {
  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxStringLength(65_536)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private RequestBodies() {}

  record Submit(GaslessCrossChainOrder order, String signature) {}

  record Cancel(OrderId orderId, String signature) {}

  static JsonNode object(String body, int maxBytes, Set<String> allowed) {
    if (body == null || body.isBlank()) {
      throw new Refusal(ProblemCode.MALFORMED_JSON, "the request needs a JSON object body");
    }
    // Chunked uploads carry no Content-Length, so the declared-size guard cannot see them.
    if (body.length() > maxBytes || body.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new Refusal(
          ProblemCode.PAYLOAD_TOO_LARGE, "bodies are limited to " + maxBytes + " bytes");
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Refusal(ProblemCode.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new Refusal(ProblemCode.MALFORMED_JSON, "the body must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new Refusal(ProblemCode.INVALID_FIELD, "unknown field " + name, name);
      }
    }
    return node;
  }

  static Submit submit(String body, int maxBytes) {
    JsonNode node = object(body, maxBytes, Set.of("order", "signature"));
    JsonNode order = node.get("order");
    if (order == null || order.isNull()) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "order is required", "order");
    }
    return new Submit(order(order), signature(node));
  }

  static Cancel cancel(JsonNode node, String orderIdField) {
    return new Cancel(orderId(text(node, orderIdField), orderIdField), signature(node));
  }

  static String signature(JsonNode node) {
    return text(node, "signature");
  }

  static OrderId orderId(String hex, String field) {
    try {
      return OrderId.parse(hex);
    } catch (IllegalArgumentException e) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, field + " must be 0x followed by 64 hex digits", field);
    }
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
