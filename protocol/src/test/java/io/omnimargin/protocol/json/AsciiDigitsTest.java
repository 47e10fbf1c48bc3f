package io.omnimargin.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.InvalidFieldException;
import io.omnimargin.protocol.fixed.FixedPoint;
import io.omnimargin.protocol.session.MalformedMessage;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.Hex;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers on the wire are ASCII: Java's own parsers also read the digits of other scripts (Arabic-
 * Indic {@code ١٢٣}, full-width {@code １２３}, Devanagari {@code १२३}) as numbers, which no reader
 * here may do.
 */
class AsciiDigitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDER_ID = "0x" + "ab".repeat(32);
  private static final String SOLVER = "0x" + "11".repeat(20);
  private static final String SIGNATURE = "0x" + "22".repeat(64) + "1b";

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"١٢٣", "１２３", "१२३", "12٣", "+123", " 123", "0x１２"})
  void jsonIntegersAreAsciiOnly(String number) throws Exception {
    JsonNode node = json("{\"nonce\":\"" + number + "\"}");
    assertThatThrownBy(() -> JsonValues.uint(node, "nonce", 256))
        .isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void asciiIntegersStillRead() throws Exception {
    assertThat(JsonValues.uint(json("{\"n\":\"123\"}"), "n", 256).toBigInteger())
        .isEqualTo(BigInteger.valueOf(123));
    assertThat(JsonValues.uint(json("{\"n\":\"0xFf\"}"), "n", 256).toBigInteger())
        .isEqualTo(BigInteger.valueOf(255));
    assertThat(JsonValues.uint(json("{\"n\":7}"), "n", 256).toBigInteger())
        .isEqualTo(BigInteger.valueOf(7));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x١٢", "0x１２", "0xＡＢ"})
  void hexIsAsciiOnly(String hex) {
    assertThatThrownBy(() -> Hex.decode(hex)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"١٢٣", "１２３", "1.５", "١.5"})
  void fixedPointIsAsciiOnly(String decimal) {
    assertThatThrownBy(() -> FixedPoint.parse(decimal, 18))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"١", "１", "+1"})
  void chainIdsAreAsciiOnly(String id) {
    assertThatThrownBy(() -> ChainId.parse(id)).isInstanceOf(IllegalArgumentException.class);
  }

  private static String bid(String price, String validUntil) {
    return "{\"type\":\"bid\",\"bid\":{\"orderId\":\""
        + ORDER_ID
        + "\",\"solver\":\""
        + SOLVER
        + "\",\"price\":\""
        + price
        + "\",\"fee\":\"1\",\"validUntil\":\""
        + validUntil
        + "\"},\"signature\":\""
        + SIGNATURE
        + "\"}";
  }

  @ParameterizedTest
  @ValueSource(strings = {"١٢٣", "１２３", "+123"})
  void sessionNumbersAreAsciiOnly(String number) {
    SessionCodec codec = new SessionCodec(JSON);
    assertThatThrownBy(() -> codec.decode(bid(number, "1800000000")))
        .isInstanceOf(MalformedMessage.class)
        .extracting(e -> ((MalformedMessage) e).field())
        .isEqualTo("bid.price");
    assertThatThrownBy(() -> codec.decode(bid("1", number)))
        .isInstanceOf(MalformedMessage.class)
        .extracting(e -> ((MalformedMessage) e).field())
        .isEqualTo("bid.validUntil");
  }
}
