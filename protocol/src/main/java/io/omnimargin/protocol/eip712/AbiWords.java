package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Bytes;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Uint256;

/** {@code abi.encode} of a tuple of static types: one 32-byte word per field. */
final class AbiWords {
  private final byte[] out;
  private int offset;

  AbiWords(int words) {
    out = new byte[32 * words];
  }

  AbiWords word(Bytes32 word) {
    word.copyTo(out, offset);
    offset += 32;
    return this;
  }

  AbiWords uint(Uint256 value) {
    System.arraycopy(value.toWordArray(), 0, out, offset, 32);
    offset += 32;
    return this;
  }

  AbiWords bool(boolean value) {
    out[offset + 31] = (byte) (value ? 1 : 0);
    offset += 32;
    return this;
  }

  Bytes toBytes() {
    return Bytes.wrap(out);
  }
}
