package io.omnimargin.protocol.types;

/** An intent's id: the EIP-712 digest of its signed order. */
public record OrderId(Bytes32 value) {
  public OrderId {
    if (value == null) {
      throw new IllegalArgumentException("order id is required");
    }
  }

  /**
   * @throws IllegalArgumentException unless {@code 0x} + 64 hex digits
   */
  public static OrderId parse(String hex) {
    return new OrderId(Bytes32.fromHex(hex));
  }

  public static OrderId of(byte[] digest) {
    return new OrderId(Bytes32.wrap(digest));
  }

  public String toHex() {
    return value.toHex();
  }

  @Override
  public String toString() {
    return toHex();
  }
}
