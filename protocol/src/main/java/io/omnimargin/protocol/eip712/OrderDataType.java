package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Bytes32;
import java.util.Optional;

/** The order-data types the hub accepts, keyed by the keccak of their type strings. */
public enum OrderDataType {
  MARGIN_ORDER(TypeHashes.MARGIN_ORDER, 7),
  COLLATERAL_WITHDRAWAL(TypeHashes.WITHDRAWAL, 4);

  private final Bytes32 typeHash;
  private final int words;

  OrderDataType(Bytes32 typeHash, int words) {
    this.typeHash = typeHash;
    this.words = words;
  }

  public Bytes32 typeHash() {
    return typeHash;
  }

  /** Every field is a static ABI type, so the encoding is exactly this many 32-byte words. */
  int words() {
    return words;
  }

  /** {@code hash} itself, or the known type's own instance when it is one of theirs. */
  public static Bytes32 canonical(Bytes32 hash) {
    return fromTypeHash(hash).map(OrderDataType::typeHash).orElse(hash);
  }

  public static Optional<OrderDataType> fromTypeHash(Bytes32 hash) {
    for (OrderDataType type : values()) {
      if (type.typeHash.equals(hash)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
