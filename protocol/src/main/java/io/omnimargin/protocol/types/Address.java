package io.omnimargin.protocol.types;

import io.omnimargin.protocol.crypto.Keccak;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A 20-byte EVM address. Parsing accepts all-lower or all-upper hex, and mixed case only when it is
 * the correct EIP-55 checksum, so a mistyped checksummed address is caught.
 */
public final class Address implements Comparable<Address> {
  private final byte[] bytes;
  private int hash; // 0 until hashCode() is first asked (a benign race, as String's)
  // computed on first use (it costs a keccak) and kept. Parsing does not keep the form it checks,
  // nor is the lower-case hex kept: an owner holds two addresses per live auction, most never
  // printed, and their four strings were an eighth of an idle auction's memory
  private volatile String checksum;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Address wrap(byte[] bytes) {
    if (bytes.length != 20) {
      throw new IllegalArgumentException("an address is 20 bytes, got " + bytes.length);
    }
    return new Address(bytes.clone());
  }

  /**
   * @throws IllegalArgumentException on bad hex, wrong length or a wrong mixed-case checksum
   */
  public static Address parse(String hex) {
    Address address = new Address(Hex.decode(hex, 20));
    String digits = hex.substring(2);
    boolean hasLower = !digits.equals(digits.toUpperCase());
    boolean hasUpper = !digits.equals(digits.toLowerCase());
    if (hasLower && hasUpper && !address.computeChecksum().substring(2).equals(digits)) {
      throw new IllegalArgumentException("wrong EIP-55 checksum");
    }
    return address;
  }

  /**
   * The address in the low 20 bytes of an ABI word (a bytes32 token or recipient field).
   *
   * @throws IllegalArgumentException when any of the 12 high bytes is set: not an EVM address
   */
  public static Address fromWord(Bytes32 word) {
    byte[] b = word.toArray();
    for (int i = 0; i < 12; i++) {
      if (b[i] != 0) {
        throw new IllegalArgumentException("not an EVM address: " + word.toHex());
      }
    }
    return new Address(Arrays.copyOfRange(b, 12, 32));
  }

  /** The address of an uncompressed public key given as its 64 coordinate bytes (X ‖ Y). */
  public static Address fromPublicKey(byte[] xy, int offset) {
    byte[] hash = Keccak.hash(xy, offset, 64);
    return new Address(Arrays.copyOfRange(hash, 12, 32));
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** The address left-padded to a 32-byte word, as ABI and EIP-712 encode it. */
  public void copyWordTo(byte[] dest, int offset) {
    Arrays.fill(dest, offset, offset + 12, (byte) 0);
    System.arraycopy(bytes, 0, dest, offset + 12, 20);
  }

  public Bytes32 toWord() {
    return Bytes32.leftPad(bytes);
  }

  /** Lower-case hex: the canonical key for storage and comparison. A new string each time. */
  public String toLowerHex() {
    return Hex.encode(bytes);
  }

  /** EIP-55 mixed-case checksum form. */
  public String toChecksumHex() {
    String cached = checksum;
    if (cached == null) {
      cached = computeChecksum();
      checksum = cached;
    }
    return cached;
  }

  private String computeChecksum() {
    String digits = toLowerHex().substring(2);
    byte[] hash = Keccak.hash(digits.getBytes(StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      out.append(nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  @Override
  public int compareTo(Address o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address other && Arrays.equals(bytes, other.bytes);
  }

  /**
   * FNV-1a over the 20 bytes, mixed by MurmurHash3's finalizer, folded to an int and kept. {@code
   * Arrays.hashCode} gave addresses that differ only in their last bytes colliding hashes (its
   * 31-multiplier cannot separate neighbouring bytes), which turned the ledger's hash bins into
   * trees: a sixth of a price tick over a million accounts went to tree lookups. Being {@link
   * Comparable}, an address still keeps a crafted collision down to a tree bin's logarithmic cost.
   */
  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      long x = 0xcbf29ce484222325L;
      for (byte b : bytes) {
        x = (x ^ (b & 0xff)) * 0x100000001b3L;
      }
      // MurmurHash3's finalizer: FNV alone leaves neighbouring tails some collisions
      x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
      x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
      x ^= x >>> 33;
      h = (int) (x ^ (x >>> 32));
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return toChecksumHex();
  }
}
