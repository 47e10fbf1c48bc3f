package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.InvalidFieldException;
import io.omnimargin.protocol.types.Bytes;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Uint256;

/**
 * Strict decoding of {@code orderData}: exact length, booleans 0 or 1, a valid market symbol. A
 * lenient decoder would let two byte strings (two order ids) mean the same order.
 */
public final class OrderDataCodec {
  private static final String FIELD = "orderData";

  private OrderDataCodec() {}

  /**
   * @throws InvalidFieldException (field {@code orderData}) when the bytes do not decode
   */
  public static OrderData decode(OrderDataType type, Bytes data) {
    if (data.length() != 32 * type.words()) {
      throw new InvalidFieldException(
          FIELD,
          "orderData for "
              + type
              + " must be "
              + 32 * type.words()
              + " bytes, got "
              + data.length());
    }
    return switch (type) {
      case MARGIN_ORDER ->
          new MarginOrder(
              market(data.word(0)),
              bool(data.word(32), "isBuy"),
              Uint256.fromWord(data.word(64)),
              Uint256.fromWord(data.word(96)),
              bool(data.word(128), "reduceOnly"),
              Uint256.fromWord(data.word(160)),
              Uint256.fromWord(data.word(192)));
      case COLLATERAL_WITHDRAWAL ->
          new CollateralWithdrawal(
              Uint256.fromWord(data.word(0)),
              data.word(32),
              Uint256.fromWord(data.word(64)),
              data.word(96));
    };
  }

  private static MarketSymbol market(Bytes32 word) {
    try {
      return MarketSymbol.fromWord(word);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(FIELD + ".market", e.getMessage());
    }
  }

  private static boolean bool(Bytes32 word, String name) {
    Uint256 value = Uint256.fromWord(word);
    if (value.isZero()) {
      return false;
    }
    if (value.equals(Uint256.of(1))) {
      return true;
    }
    throw new InvalidFieldException(FIELD + "." + name, name + " must ABI-encode as 0 or 1");
  }
}
