package io.omnimargin.service.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How a body goes on the wire: with a Content-Length that is right, short or long, in chunks that
 * end or never do, half-sent before the client shuts its side, padded past the body limit, or with
 * framing headers HTTP/1.1 does not allow. Each says what the service may answer.
 */
sealed interface Delivery {

  /**
   * The framing headers (each a full line without CRLF), the bytes after the head, how it ends, and
   * what the service may answer; {@code bodyRead} when the service reads other bytes than the body
   * given (a short Content-Length), so that the body's own expectation no longer holds.
   */
  record Framed(
      String headers, byte[] payload, boolean halfClose, Expect expect, boolean bodyRead) {
    Framed(String headers, byte[] payload, boolean halfClose, Expect expect) {
      this(headers, payload, halfClose, expect, false);
    }
  }

  Framed frame(byte[] body);

  /** A correct Content-Length. */
  record Length() implements Delivery {
    @Override
    public Framed frame(byte[] body) {
      return new Framed(length(body.length), body, false, Expect.ANY);
    }
  }

  /** Chunks of {@code size} bytes, with chunk extensions if asked: valid HTTP/1.1. */
  record Chunked(int size, boolean extensions) implements Delivery {
    @Override
    public Framed frame(byte[] body) {
      return new Framed(
          "Transfer-Encoding: chunked", chunks(body, size, extensions, true), false, Expect.ANY);
    }
  }

  /**
   * A Content-Length that stops {@code missing} bytes early: the body is read cut short, which is
   * refused unless what is read is still a JSON object (the cut took only trailing junk).
   */
  record ShortLength(int missing) implements Delivery {
    @Override
    public Framed frame(byte[] body) {
      int declared =
          Math.max(0, body.length - 1 - Math.floorMod(missing, Math.max(1, body.length)));
      Expect read = JsonEdits.isObject(Arrays.copyOf(body, declared)) ? Expect.ANY : Expect.REFUSED;
      return new Framed(length(declared), body, false, read, true);
    }
  }

  /** A Content-Length past the body, which never comes: the body timeout answers. */
  record LongLength(int extra) implements Delivery {
    @Override
    public Framed frame(byte[] body) {
      return new Framed(length(body.length + 1 + extra), body, false, Expect.REFUSED);
    }
  }

  /** Chunks without the last, empty chunk: the body never ends. */
  record Unended(int size) implements Delivery {
    @Override
    public Framed frame(byte[] body) {
      return new Framed(
          "Transfer-Encoding: chunked", chunks(body, size, false, false), false, Expect.REFUSED);
    }
  }

  /** Part of the body (under all of it), then the client shuts its sending side. */
  record HalfClosed(int percent) implements Delivery {
    @Override
    public Framed frame(byte[] body) {
      byte[] part = Arrays.copyOf(body, body.length * percent / 100);
      return new Framed(length(body.length), part, true, Expect.NO_ANSWER);
    }
  }

  /** The body padded with whitespace past every limit: still valid JSON, but too large. */
  record Padded(int bytes, boolean chunked) implements Delivery {
    @Override
    public Framed frame(byte[] body) {
      byte[] padded = Arrays.copyOf(body, body.length + 40_000 + bytes);
      Arrays.fill(padded, body.length, padded.length, (byte) ' ');
      return chunked
          ? new Framed(
              "Transfer-Encoding: chunked",
              chunks(padded, 4096, false, true),
              false,
              Expect.REFUSED)
          : new Framed(length(padded.length), padded, false, Expect.REFUSED);
    }
  }

  /** Framing HTTP/1.1 forbids or no server can read: the transport refuses it. */
  record Broken(Kind kind) implements Delivery {
    /** The broken framings. */
    enum Kind {
      TWO_LENGTHS,
      SIGNED_LENGTH,
      HEX_LENGTH,
      NON_ASCII_LENGTH,
      NEGATIVE_LENGTH,
      HUGE_LENGTH,
      BAD_CHUNK_SIZE,
      NEGATIVE_CHUNK_SIZE,
      HUGE_CHUNK_SIZE,
      CHUNK_WITHOUT_CRLF
    }

    @Override
    public Framed frame(byte[] body) {
      int n = body.length;
      return switch (kind) {
        case TWO_LENGTHS -> framed(length(n) + "\r\n" + length(n + 1), body);
        case SIGNED_LENGTH -> framed("Content-Length: +" + n, body);
        case HEX_LENGTH -> framed("Content-Length: 0x" + Integer.toHexString(n), body);
        case NON_ASCII_LENGTH -> framed("Content-Length: " + n + "\u0661", body);
        case NEGATIVE_LENGTH -> framed("Content-Length: -" + n, body);
        case HUGE_LENGTH -> framed("Content-Length: 99999999999999999999999", body);
        case BAD_CHUNK_SIZE -> chunkedWith("zz", body);
        case NEGATIVE_CHUNK_SIZE -> chunkedWith("-" + Integer.toHexString(n), body);
        case HUGE_CHUNK_SIZE -> chunkedWith("ffffffffffffffffff", body);
        case CHUNK_WITHOUT_CRLF ->
            framed("Transfer-Encoding: chunked", join(hex(n), body, "0\r\n\r\n"));
      };
    }

    private static Framed framed(String headers, byte[] payload) {
      return new Framed(headers, payload, false, Expect.TRANSPORT);
    }

    private static Framed chunkedWith(String size, byte[] body) {
      return framed("Transfer-Encoding: chunked", join(size + "\r\n", body, "\r\n0\r\n\r\n"));
    }

    private static String hex(int n) {
      return Integer.toHexString(n) + "\r\n";
    }
  }

  private static String length(int n) {
    return "Content-Length: " + n;
  }

  /** {@code body} in chunks of {@code size}, with extensions, with the last chunk or not. */
  private static byte[] chunks(byte[] body, int size, boolean extensions, boolean end) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int step = Math.max(1, size);
    for (int at = 0; at < body.length; at += step) {
      int n = Math.min(step, body.length - at);
      String line = Integer.toHexString(n) + (extensions ? ";fuzz=\"x\"" : "") + "\r\n";
      out.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
      out.write(body, at, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    if (end) {
      out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  private static byte[] join(String head, byte[] body, String tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
