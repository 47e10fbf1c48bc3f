package io.omnimargin.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.LiquidationBid;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The liquidation messages of the session protocol: written and read back, and refused strictly.
 */
class LiquidationMessagesTest {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);
  private final SessionCodec codec = new SessionCodec(new ObjectMapper());
  private final PrivateKey key = PrivateKey.fromHex("0x" + "44".repeat(32));

  private SessionMessage.TakeoverBid bid() {
    LiquidationBid bid =
        new LiquidationBid(
            12,
            Address.parse("0x" + "a7".repeat(20)),
            key.address(),
            List.of(
                new LiquidationBid.TakenPosition(
                    new MarketSymbol("ETH-PERP"),
                    WAD.negate(),
                    Uint256.of(WAD.multiply(BigInteger.valueOf(2600))))),
            1_800_000_060L);
    return new SessionMessage.TakeoverBid(bid, key.sign(new byte[32]));
  }

  @Test
  void aTakeoverBidGoesOutAndComesBackTheSame() {
    SessionMessage.TakeoverBid bid = bid();
    String json = codec.encode(bid);
    assertThat(json).contains("\"type\":\"liquidation-bid\"").contains("\"size\":\"-1");
    assertThat(codec.decode(json)).isEqualTo(bid);
  }

  @Test
  void aLiquidationEventCarriesItsTermsAndAnAuctionEventDoesNot() {
    SessionMessage.LiquidationTerms terms =
        new SessionMessage.LiquidationTerms(
            12,
            "0x" + "a7".repeat(20),
            List.of(new SessionMessage.OfferedPosition("ETH-PERP", "-1", "2500", "2600")));
    SessionMessage.FeedEvent event =
        new SessionMessage.FeedEvent(
            3, "liquidation", null, null, null, null, null, null, 99, 0, null, null, null, terms);
    assertThat(codec.decode(codec.encode(event))).isEqualTo(event);

    SessionMessage.FeedEvent auction =
        new SessionMessage.FeedEvent(
            4, "auction", "0x01", "ETH-PERP", "BUY", "1", "1", "1", 9, 9, null, null, null, null);
    assertThat(codec.encode(auction)).doesNotContain("liquidation");
    assertThat(codec.decode(codec.encode(auction))).isEqualTo(auction);
  }

  @Test
  void aRejectionNamesItsLiquidationAndReason() {
    var rejected = new SessionMessage.LiquidationBidRejected(12, "price-worse-than-bankruptcy");
    assertThat(codec.decode(codec.encode(rejected))).isEqualTo(rejected);
  }

  @Test
  void aBidWithoutPositionsOrWithAnUnreadableSizeNamesTheField() {
    String json = codec.encode(bid());
    assertThatThrownBy(
            () -> codec.decode(json.replaceAll("\"positions\":\\[.*?\\]", "\"positions\":[]")))
        .isInstanceOfSatisfying(
            MalformedMessage.class, e -> assertThat(e.field()).isEqualTo("bid.positions"));
    assertThatThrownBy(() -> codec.decode(json.replace("\"-1", "\"--1")))
        .isInstanceOfSatisfying(
            MalformedMessage.class, e -> assertThat(e.field()).isEqualTo("bid.positions[0].size"));
  }
}
