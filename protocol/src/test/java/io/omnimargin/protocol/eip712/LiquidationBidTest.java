package io.omnimargin.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.Hex;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code LiquidationBid} (with its array of {@code TakenPosition} structs and a negative int256
 * size) against a vector made by ethers 6.17.0's {@code signTypedData}, key 0x33…33, default
 * domain:
 *
 * <pre>
 * types = {LiquidationBid: [{liquidationId: uint256}, {account: address}, {solver: address},
 *            {positions: "TakenPosition[]"}, {validUntil: uint32}],
 *          TakenPosition: [{market: bytes32}, {size: int256}, {price: uint256}]}
 * value = {liquidationId: 7, account: "0x" + "a7".repeat(20), solver: wallet.address,
 *          positions: [{market: word("ETH-PERP"), size: 40e18, price: 2520e18},
 *                      {market: word("BTC-PERP"), size: -0.3e18, price: 15100e18}],
 *          validUntil: 1800000060}
 * </pre>
 */
class LiquidationBidTest {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);
  private static final PrivateKey KEY = PrivateKey.fromHex("0x" + "33".repeat(32));
  private static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(
          ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));

  static LiquidationBid vector() {
    return new LiquidationBid(
        7,
        Address.parse("0x" + "a7".repeat(20)),
        KEY.address(),
        List.of(
            new LiquidationBid.TakenPosition(
                new MarketSymbol("ETH-PERP"),
                WAD.multiply(BigInteger.valueOf(40)),
                Uint256.of(WAD.multiply(BigInteger.valueOf(2520)))),
            new LiquidationBid.TakenPosition(
                new MarketSymbol("BTC-PERP"),
                BigInteger.valueOf(-3).multiply(BigInteger.TEN.pow(17)),
                Uint256.of(WAD.multiply(BigInteger.valueOf(15100))))),
        1_800_000_060L);
  }

  @Test
  void typeStringAndDigestAndSignatureMatchEthers() {
    assertThat(TypeHashes.LIQUIDATION_BID_TYPE)
        .isEqualTo(
            "LiquidationBid(uint256 liquidationId,address account,address solver,"
                + "TakenPosition[] positions,uint32 validUntil)"
                + "TakenPosition(bytes32 market,int256 size,uint256 price)");
    byte[] digest = vector().digest(DOMAIN);
    assertThat(Hex.encode(digest))
        .isEqualTo("0xa1d28844dc9001cf614cc9676cfbbe5826abb83ca98d634114a2b7e92325492c");
    assertThat(KEY.sign(digest).toHex())
        .isEqualTo(
            "0xa4247200f72f455dde29f76afa30339087437abcec7f7cabf35b5e14a28bcde6"
                + "72ba36196c03ddbe61bc85eefdb66f8decf7ded17d69f69ce453740c70a1664f1b");
  }

  @Test
  void aMarketPricedTwiceOrAZeroSizeIsNotABid() {
    LiquidationBid.TakenPosition eth =
        new LiquidationBid.TakenPosition(new MarketSymbol("ETH-PERP"), WAD, Uint256.of(WAD));
    assertThatThrownBy(
            () -> new LiquidationBid(1, KEY.address(), KEY.address(), List.of(eth, eth), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new LiquidationBid.TakenPosition(
                    new MarketSymbol("ETH-PERP"), BigInteger.ZERO, Uint256.of(WAD)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
