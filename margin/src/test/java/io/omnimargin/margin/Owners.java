package io.omnimargin.margin;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;

/** Short test owners: {@code of("0xa")} is the address 0x000…00a. */
public final class Owners {
  private Owners() {}

  /** An intent id named for the test: the keccak of {@code label}. */
  public static OrderId intent(String label) {
    return new OrderId(
        Bytes32.wrap(Keccak.hash(label.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  /** An owner named for the test ("alice"): the last 20 bytes of the keccak of the name. */
  public static Address named(String name) {
    return Address.fromWord(
        Bytes32.leftPad(
            java.util.Arrays.copyOfRange(
                Keccak.hash(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 12, 32)));
  }

  public static Address of(String shortHex) {
    String digits = shortHex.substring(2);
    return Address.parse("0x" + "0".repeat(40 - digits.length()) + digits);
  }
}
