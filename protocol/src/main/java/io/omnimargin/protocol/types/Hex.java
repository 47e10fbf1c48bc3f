package io.omnimargin.protocol.types;

/** Strict {@code 0x}-prefixed hex (ASCII digits only), as every byte string travels on the wire. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Encodes bytes as lower-case {@code 0x} hex. */
  public static String encode(byte[] bytes) {
    char[] out = new char[2 + bytes.length * 2];
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < bytes.length; i++) {
      out[2 + 2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[3 + 2 * i] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Decodes {@code 0x} hex with an even number of digits.
   *
   * @throws IllegalArgumentException on a missing prefix, odd length or a non-hex character
   */
  public static byte[] decode(String hex) {
    if (hex == null || hex.length() < 2 || hex.charAt(0) != '0' || (hex.charAt(1) | 0x20) != 'x') {
      throw new IllegalArgumentException("expected 0x-prefixed hex");
    }
    int digits = hex.length() - 2;
    if ((digits & 1) != 0) {
      throw new IllegalArgumentException("odd number of hex digits");
    }
    byte[] out = new byte[digits / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Digits.hex(hex.charAt(2 + 2 * i));
      int lo = Digits.hex(hex.charAt(3 + 2 * i));
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not a hex digit at position " + (2 + 2 * i));
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** Decodes hex that must hold exactly {@code length} bytes. */
  public static byte[] decode(String hex, int length) {
    byte[] bytes = decode(hex);
    if (bytes.length != length) {
      throw new IllegalArgumentException("expected " + length + " bytes, got " + bytes.length);
    }
    return bytes;
  }
}
