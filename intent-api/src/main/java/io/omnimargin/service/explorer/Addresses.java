package io.omnimargin.service.explorer;

import io.omnimargin.protocol.types.Address;
import java.util.Optional;

/** Addresses as pages show them: EIP-55 checksummed, shortened only where space is short. */
public final class Addresses {
  private Addresses() {}

  /** The checksummed form of any 20-byte hex address, or empty when the text is not one. */
  public static Optional<String> checksummed(String text) {
    try {
      return Optional.of(Address.parse(text.trim()).toChecksumHex());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code 0xAbCd…1234}: the first four and last four digits of the checksummed address. */
  public static String shortened(String checksummed) {
    return checksummed.substring(0, 6) + "…" + checksummed.substring(checksummed.length() - 4);
  }
}
