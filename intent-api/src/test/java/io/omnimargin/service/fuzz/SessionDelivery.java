package io.omnimargin.service.fuzz;

import io.omnimargin.service.support.RawSession.Frame;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * How a session message goes on the wire: one text frame, fragments (with a ping between), several
 * messages to a frame, a binary frame, invalid UTF-8, frames RFC 6455 forbids (reserved bits and
 * opcodes, unmasked, a lone continuation, control frames too long or fragmented), or past the 256
 * KiB limit.
 */
enum SessionDelivery {
  TEXT(Expect.ANY, true),
  FRAGMENTS(Expect.ANY, true),
  PING_BETWEEN(Expect.ANY, true),
  TWO_IN_ONE(Expect.ANY, true),
  CRLF(Expect.ANY, true),
  BLANK_LINES(Expect.ANY, true),
  EMPTY_FRAME(Expect.ANY, false),
  BINARY(Expect.REFUSED, false),
  OVERSIZED(Expect.REFUSED, false),
  OVERSIZED_FRAGMENTS(Expect.REFUSED, false),
  INVALID_UTF8(Expect.TRANSPORT, false),
  RESERVED_BITS(Expect.TRANSPORT, false),
  RESERVED_OPCODE(Expect.TRANSPORT, false),
  UNMASKED(Expect.TRANSPORT, false),
  LONE_CONTINUATION(Expect.TRANSPORT, false),
  LONG_PING(Expect.TRANSPORT, false),
  FRAGMENTED_PING(Expect.TRANSPORT, false),
  CLOSE_WITH_BAD_CODE(Expect.TRANSPORT, false);

  final Expect expect;

  /** Whether the body reaches the hub as a message, so that its own expectation counts too. */
  final boolean carriesBody;

  SessionDelivery(Expect expect, boolean carriesBody) {
    this.expect = expect;
    this.carriesBody = carriesBody;
  }

  List<Frame> frames(byte[] m) {
    int half = m.length / 2;
    byte[] a = Arrays.copyOf(m, half);
    byte[] b = Arrays.copyOfRange(m, half, m.length);
    return switch (this) {
      case TEXT -> List.of(text(m));
      case FRAGMENTS -> List.of(new Frame(false, 0, 1, true, a), new Frame(true, 0, 0, true, b));
      case PING_BETWEEN ->
          List.of(
              new Frame(false, 0, 1, true, a),
              new Frame(true, 0, 9, true, bytes("ping")),
              new Frame(true, 0, 0, true, b));
      case TWO_IN_ONE -> List.of(text(join(m, "\n", m)));
      case CRLF -> List.of(text(join(m, "\r\n", new byte[0])));
      case BLANK_LINES -> List.of(text(join(bytes("\n \n"), "", join(m, "\n\n", new byte[0]))));
      case EMPTY_FRAME -> List.of(text(new byte[0]));
      case BINARY -> List.of(new Frame(true, 0, 2, true, m));
      case OVERSIZED -> List.of(text(padded(m, 300_000)));
      case OVERSIZED_FRAGMENTS -> fragments(padded(m, 300_000), 60_000);
      case INVALID_UTF8 -> List.of(text(join(a, "", join(new byte[] {(byte) 0xc3, 0x28}, "", b))));
      case RESERVED_BITS -> List.of(new Frame(true, 4, 1, true, m));
      case RESERVED_OPCODE -> List.of(new Frame(true, 0, 3, true, m));
      case UNMASKED -> List.of(new Frame(true, 0, 1, false, m));
      case LONE_CONTINUATION -> List.of(new Frame(true, 0, 0, true, m));
      case LONG_PING -> List.of(new Frame(true, 0, 9, true, new byte[200]));
      case FRAGMENTED_PING -> List.of(new Frame(false, 0, 9, true, bytes("p")));
      case CLOSE_WITH_BAD_CODE ->
          List.of(new Frame(true, 0, 8, true, new byte[] {0x03, (byte) 0xe7}));
    };
  }

  private static Frame text(byte[] payload) {
    return new Frame(true, 0, 1, true, payload);
  }

  private static List<Frame> fragments(byte[] m, int size) {
    List<Frame> frames = new java.util.ArrayList<>();
    for (int at = 0; at < m.length; at += size) {
      boolean last = at + size >= m.length;
      frames.add(
          new Frame(
              last,
              0,
              at == 0 ? 1 : 0,
              true,
              Arrays.copyOfRange(m, at, Math.min(m.length, at + size))));
    }
    return frames;
  }

  /** The message followed by spaces up to {@code size} bytes: still one valid JSON object. */
  private static byte[] padded(byte[] m, int size) {
    byte[] out = Arrays.copyOf(m, Math.max(size, m.length));
    Arrays.fill(out, m.length, out.length, (byte) ' ');
    return out;
  }

  private static byte[] join(byte[] a, String sep, byte[] b) {
    byte[] s = bytes(sep);
    byte[] out = new byte[a.length + s.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(s, 0, out, a.length, s.length);
    System.arraycopy(b, 0, out, a.length + s.length, b.length);
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
