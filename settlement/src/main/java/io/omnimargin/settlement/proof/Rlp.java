package io.omnimargin.settlement.proof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict RLP decoder for untrusted input: every length is bounds-checked, only canonical
 * encodings are accepted (no leading zeros in lengths, no long form for short items, no single byte
 * below 0x80 wrapped as a string), and nesting is limited.
 */
final class Rlp {
  private static final int MAX_DEPTH = 16;

  private Rlp() {}

  /** A decoded item with the exact bytes that encoded it (needed for embedded trie nodes). */
  sealed interface Item permits Str, Lst {
    byte[] raw();
  }

  record Str(byte[] bytes, byte[] raw) implements Item {}

  record Lst(List<Item> items, byte[] raw) implements Item {}

  /** Decodes one item that must span the whole input. */
  static Item decode(byte[] data) throws ProofException {
    int[] pos = {0};
    Item item = decode(data, pos, data.length, 0);
    if (pos[0] != data.length) {
      throw bad("trailing bytes after the RLP item");
    }
    return item;
  }

  private static Item decode(byte[] d, int[] pos, int end, int depth) throws ProofException {
    if (depth > MAX_DEPTH) {
      throw bad("RLP nested too deep");
    }
    int start = pos[0];
    if (start >= end) {
      throw bad("RLP item runs past its end");
    }
    int prefix = d[start] & 0xff;
    if (prefix < 0x80) {
      pos[0] = start + 1;
      return new Str(new byte[] {(byte) prefix}, Arrays.copyOfRange(d, start, start + 1));
    }
    boolean list = prefix >= 0xc0;
    int shortBase = list ? 0xc0 : 0x80;
    int longBase = list ? 0xf7 : 0xb7;
    int payloadStart;
    long length;
    if (prefix <= longBase) {
      length = prefix - shortBase;
      payloadStart = start + 1;
    } else {
      int lengthOfLength = prefix - longBase;
      if (start + 1 + lengthOfLength > end || d[start + 1] == 0) {
        throw bad("bad RLP long length");
      }
      length = 0;
      for (int i = 0; i < lengthOfLength; i++) {
        length = (length << 8) | (d[start + 1 + i] & 0xff);
        if (length > Integer.MAX_VALUE) {
          throw bad("RLP length too large");
        }
      }
      if (length <= 55) {
        throw bad("non-canonical RLP: long form for a short item");
      }
      payloadStart = start + 1 + lengthOfLength;
    }
    long payloadEnd = payloadStart + length;
    if (payloadEnd > end) {
      throw bad("RLP item runs past its end");
    }
    pos[0] = (int) payloadEnd;
    byte[] raw = Arrays.copyOfRange(d, start, (int) payloadEnd);
    if (!list) {
      if (length == 1 && (d[payloadStart] & 0xff) < 0x80) {
        throw bad("non-canonical RLP: single byte below 0x80 wrapped as a string");
      }
      return new Str(Arrays.copyOfRange(d, payloadStart, (int) payloadEnd), raw);
    }
    List<Item> items = new ArrayList<>();
    int[] inner = {payloadStart};
    while (inner[0] < payloadEnd) {
      items.add(decode(d, inner, (int) payloadEnd, depth + 1));
    }
    return new Lst(items, raw);
  }

  private static ProofException bad(String detail) {
    return new ProofException(ProofFailure.BAD_RLP, detail);
  }
}
