package io.omnimargin.service.fuzz;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One change to a valid body, applied when the request is built (a hello's body exists only once
 * the hub's challenge is known). {@code pick} chooses a member in document order, modulo their
 * number, so that jqwik shrinks toward the first one.
 */
sealed interface BodyMutation {

  /** The mutated body and whether any reading of the API must refuse it. */
  record Mutated(byte[] bytes, Expect expect) {
    /** {@code text}, wrong as said or when it is over the endpoint's body limit. */
    static Mutated of(String text, boolean wrong, Seed seed) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      return new Mutated(bytes, Expect.refusedIf(wrong || bytes.length > seed.limit()));
    }
  }

  Mutated apply(String body, Seed seed);

  /** The body as it is. */
  record Unchanged() implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      return Mutated.of(body, false, seed);
    }
  }

  /**
   * A member or element left out: wrong unless the member is optional, or the element one of
   * several (the others may well be a valid body).
   */
  record Remove(int pick) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      JsonNode root = JsonEdits.parse(body);
      JsonPointer at = at(root, pick);
      JsonNode parent = root.at(at.head());
      boolean oneOfSeveral = parent.isArray() && parent.size() > 1;
      return Mutated.of(
          JsonEdits.remove(root, at), !seed.optional(at.toString()) && !oneOfSeveral, seed);
    }
  }

  /** A value replaced by a hostile one: wrong when its kind can never be the field's. */
  record Replace(int pick, Hostile value) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      JsonNode root = JsonEdits.parse(body);
      JsonPointer at = at(root, pick);
      boolean wrong =
          Hostile.wrongKind(kind(root.at(at)), value.kind, seed.optional(at.toString()));
      return Mutated.of(JsonEdits.replace(root, at, value.json), wrong || value.unreadable(), seed);
    }
  }

  /** A value replaced by a near miss of itself (see {@link Variants}). */
  record Derive(int pick, int variant) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      JsonNode root = JsonEdits.parse(body);
      JsonPointer at = at(root, pick);
      Variants.Variant v = Variants.of(root.at(at), variant);
      return Mutated.of(JsonEdits.replace(root, at, v.json()), v.wrong(), seed);
    }
  }

  /** A member the API does not define: some endpoints ignore extras, so it may be harmless. */
  record AddMember(int pick, String name, Hostile value) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      JsonNode root = JsonEdits.parse(body);
      return Mutated.of(
          JsonEdits.add(root, at(root, pick), name, value.json), value.unreadable(), seed);
    }
  }

  /** A member named twice, the second time with another value or its own: always malformed. */
  record Duplicate(int pick, Hostile value) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      JsonNode root = JsonEdits.parse(body);
      JsonPointer at = members(root).get(Math.floorMod(pick, members(root).size()));
      return Mutated.of(
          JsonEdits.duplicate(root, at, value == null ? null : value.json), true, seed);
    }
  }

  /** A value wrapped in {@code depth} arrays: a wrong kind, and past 16 too deep to read. */
  record Nest(int pick, int depth) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      JsonNode root = JsonEdits.parse(body);
      JsonPointer at = at(root, pick);
      String inner = JsonEdits.write(root.at(at));
      String wrapped = "[".repeat(depth) + inner + "]".repeat(depth);
      return Mutated.of(JsonEdits.replace(root, at, wrapped), true, seed);
    }
  }

  /** The body cut short at {@code percent} of its length: never a whole object. */
  record Truncate(int percent) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      byte[] all = body.getBytes(StandardCharsets.UTF_8);
      return new Mutated(Arrays.copyOf(all, all.length * percent / 100), Expect.REFUSED);
    }
  }

  /** Raw bytes spliced in at {@code percent} of the body: invalid UTF-8, NUL, a BOM, a newline. */
  record Splice(int percent, Junk junk) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      byte[] all = body.getBytes(StandardCharsets.UTF_8);
      int at = all.length * percent / 100;
      byte[] out = new byte[all.length + junk.bytes.length];
      System.arraycopy(all, 0, out, 0, at);
      System.arraycopy(junk.bytes, 0, out, at, junk.bytes.length);
      System.arraycopy(all, at, out, at + junk.bytes.length, all.length - at);
      return new Mutated(out, Expect.refusedIf(junk.alwaysWrong));
    }
  }

  /** Something after the document: a second value, a stray bracket, a comment. */
  record Trailing(String junk) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      return Mutated.of(body + junk, true, seed);
    }
  }

  /** A whole body that is not an object, or not JSON at all. */
  record Root(String text) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      return Mutated.of(text, true, seed);
    }
  }

  /** The same body written in a way JSON allows (escapes, order, whitespace): harmless. */
  record Rewrite(int how) implements BodyMutation {
    @Override
    public Mutated apply(String body, Seed seed) {
      JsonNode root = JsonEdits.parse(body);
      String text =
          switch (Math.floorMod(how, 3)) {
            case 0 -> escaped(JsonEdits.write(root));
            case 1 -> root.toPrettyString();
            default -> " \t\r\n" + JsonEdits.write(root) + " \n";
          };
      return Mutated.of(text, false, seed);
    }

    /** Every letter of every string written as a \\u escape. */
    private static String escaped(String json) {
      StringBuilder out = new StringBuilder(json.length() * 3);
      boolean inString = false;
      for (int i = 0; i < json.length(); i++) {
        char c = json.charAt(i);
        if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\')) {
          inString = !inString;
          out.append(c);
        } else if (inString && Character.isLetter(c)) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
  }

  /** Bytes spliced into a body, and whether they are wrong wherever they land. */
  enum Junk {
    NUL(new byte[] {0}, true),
    CONTROL(new byte[] {1}, true),
    INVALID_UTF8(new byte[] {(byte) 0xc3, 0x28}, false),
    LONE_CONTINUATION(new byte[] {(byte) 0x80}, false),
    FF(new byte[] {(byte) 0xff, (byte) 0xfe}, false),
    OVERLONG_SLASH(new byte[] {(byte) 0xc0, (byte) 0xaf}, false),
    ENCODED_SURROGATE(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, false),
    BOM(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, false),
    NEWLINE(new byte[] {'\n'}, false),
    QUOTE(new byte[] {'"'}, false),
    BACKSLASH(new byte[] {'\\'}, false);

    final byte[] bytes;
    final boolean alwaysWrong;

    Junk(byte[] bytes, boolean alwaysWrong) {
      this.bytes = bytes;
      this.alwaysWrong = alwaysWrong;
    }
  }

  /** Trailing junk and non-object roots: every one is wrong. */
  List<String> TRAILING = List.of("}", "{}", "x", ",", "[]", "null", "/* c */", "\u0000");

  List<String> ROOTS =
      List.of(
          "",
          "null",
          "[]",
          "[{}]",
          "\"x\"",
          "1",
          "true",
          "{",
          "{}}",
          "{'a':1}",
          "{a:1}",
          "{\"a\":NaN}",
          "{\"a\":1,}",
          "{\"a\" 1}",
          "\u0000",
          "{\"a\":\"\\x41\"}",
          "{\"a\":01}");

  private static JsonPointer at(JsonNode root, int pick) {
    List<JsonPointer> paths = JsonEdits.paths(root);
    return paths.get(Math.floorMod(pick, paths.size()));
  }

  private static List<JsonPointer> members(JsonNode root) {
    return JsonEdits.paths(root).stream().filter(p -> JsonEdits.isMember(root, p)).toList();
  }

  private static Hostile.Kind kind(JsonNode n) {
    if (n.isObject()) {
      return Hostile.Kind.OBJECT;
    } else if (n.isArray()) {
      return Hostile.Kind.ARRAY;
    } else if (n.isBoolean()) {
      return Hostile.Kind.BOOLEAN;
    } else if (n.isNumber()) {
      return Hostile.Kind.NUMBER;
    } else if (n.isNull()) {
      return Hostile.Kind.NULL;
    }
    return Hostile.Kind.STRING;
  }
}
