package io.omnimargin.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Values every decoded order repeats (its market, its type hash, its chain ids) are shared
 * instances, equal to what a fresh one would be: an owner holds an order per live auction.
 */
class SharedValuesTest {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);

  private static MarginOrder decoded(long size) {
    MarginOrder order =
        new MarginOrder(
            new MarketSymbol("ETH-PERP"),
            true,
            Uint256.of(WAD.multiply(BigInteger.valueOf(size))),
            Uint256.of(WAD.multiply(BigInteger.valueOf(3_100))),
            false,
            Uint256.of(42_161),
            Uint256.of(WAD));
    return (MarginOrder) OrderDataCodec.decode(OrderDataType.MARGIN_ORDER, order.encode());
  }

  @Test
  void twoDecodedOrdersShareTheirMarketAndChainIdButNotTheirAmounts() {
    MarginOrder a = decoded(1);
    MarginOrder b = decoded(2);

    assertThat(a.market()).isSameAs(b.market()).isEqualTo(new MarketSymbol("ETH-PERP"));
    assertThat(a.venueChainId()).isSameAs(b.venueChainId()).isEqualTo(Uint256.of(42_161));
    assertThat(a.maxFee()).isNotSameAs(b.maxFee()).isEqualTo(b.maxFee()); // 10^18: not small
    assertThat(a.size()).isNotEqualTo(b.size());
  }

  @Test
  void smallValuesAreSharedUpToTwoToTheSixteenthAndEqualEitherWay() {
    assertThat(Uint256.of(65_535)).isSameAs(Uint256.of(BigInteger.valueOf(65_535)));
    assertThat(Uint256.fromWord(Uint256.of(7).toWord())).isSameAs(Uint256.of(7));
    assertThat(Uint256.of(65_536)).isNotSameAs(Uint256.of(65_536)).isEqualTo(Uint256.of(65_536));
    assertThat(Uint256.of(0)).isEqualTo(Uint256.ZERO);
  }

  @Test
  void anOrdersTypeHashIsTheKnownTypesOwnInstance() {
    Bytes32 copy = Bytes32.wrap(OrderDataType.MARGIN_ORDER.typeHash().toArray());
    assertThat(OrderDataType.canonical(copy)).isSameAs(OrderDataType.MARGIN_ORDER.typeHash());
    Bytes32 unknown = Bytes32.wrap(new byte[32]);
    assertThat(OrderDataType.canonical(unknown)).isSameAs(unknown);
  }
}
