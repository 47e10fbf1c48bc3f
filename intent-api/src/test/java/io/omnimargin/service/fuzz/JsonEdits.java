package io.omnimargin.service.fuzz;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Edits of a valid JSON body at a member, by JSON Pointer. The edited document is written by
 * Jackson with a marker where the hostile text goes, and the marker is then replaced by that text
 * as it is: so raw control characters, invalid numbers, lone surrogates and repeated members reach
 * the wire exactly as generated.
 */
final class JsonEdits {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(
              com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION
                  .mappedFeature());
  private static final String MARK = "zz-fuzz-mark-zz";

  private JsonEdits() {}

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether {@code bytes} are one JSON object and nothing more, read as strictly as the service.
   */
  static boolean isObject(byte[] bytes) {
    try {
      return STRICT.readTree(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isObject();
    } catch (IOException e) {
      return false;
    }
  }

  /** Every member and array element of {@code root}, in document order, as pointers. */
  static List<JsonPointer> paths(JsonNode root) {
    List<JsonPointer> paths = new ArrayList<>();
    collect(root, JsonPointer.empty(), paths);
    return paths;
  }

  private static void collect(JsonNode node, JsonPointer at, List<JsonPointer> paths) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        JsonPointer child = at.appendProperty(e.getKey());
        paths.add(child);
        collect(e.getValue(), child, paths);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonPointer child = at.appendIndex(i);
        paths.add(child);
        collect(node.get(i), child, paths);
      }
    }
  }

  /** {@code root} with the value at {@code path} replaced by the raw JSON {@code text}. */
  static String replace(JsonNode root, JsonPointer path, String text) {
    JsonNode copy = root.deepCopy();
    set(copy, path, JSON.getNodeFactory().textNode(MARK));
    return write(copy).replace(quoted(MARK), text);
  }

  /** {@code root} without the member or element at {@code path}. */
  static String remove(JsonNode root, JsonPointer path) {
    JsonNode copy = root.deepCopy();
    JsonNode parent = copy.at(path.head());
    String last = path.last().getMatchingProperty();
    if (parent instanceof ObjectNode o) {
      o.remove(last);
    } else if (parent instanceof ArrayNode a) {
      a.remove(path.last().getMatchingIndex());
    }
    return write(copy);
  }

  /**
   * {@code root} with a member {@code name} of raw JSON {@code text} added to the object at or
   * around {@code path} (its parent when it is not an object).
   */
  static String add(JsonNode root, JsonPointer path, String name, String text) {
    JsonNode copy = root.deepCopy();
    JsonNode target = copy.at(path);
    ObjectNode object =
        target instanceof ObjectNode o
            ? o
            : copy.at(path.head()) instanceof ObjectNode p ? p : (ObjectNode) copy;
    object.put(MARK, MARK);
    return write(copy).replace(quoted(MARK) + ":" + quoted(MARK), quoted(name) + ":" + text);
  }

  /**
   * {@code root} with the object member at {@code path} written twice, the second time with {@code
   * text} as its value (its own value again when null). An element of an array is repeated instead,
   * which is valid JSON.
   */
  static String duplicate(JsonNode root, JsonPointer path, String text) {
    JsonNode copy = root.deepCopy();
    JsonNode parent = copy.at(path.head());
    if (!(parent instanceof ObjectNode o)) {
      return write(copy);
    }
    String name = path.last().getMatchingProperty();
    String value = text != null ? text : write(o.get(name));
    o.put(MARK, MARK);
    return write(copy).replace(quoted(MARK) + ":" + quoted(MARK), quoted(name) + ":" + value);
  }

  /** Whether {@code path} names an object member (not an array element). */
  static boolean isMember(JsonNode root, JsonPointer path) {
    return root.at(path.head()).isObject();
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String quoted(String s) {
    return JSON.getNodeFactory().textNode(s).toString();
  }

  private static void set(JsonNode root, JsonPointer path, JsonNode value) {
    JsonNode parent = root.at(path.head());
    if (parent instanceof ObjectNode o) {
      o.set(path.last().getMatchingProperty(), value);
    } else if (parent instanceof ArrayNode a) {
      a.set(path.last().getMatchingIndex(), value);
    }
  }
}
