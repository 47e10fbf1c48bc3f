package io.omnimargin.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.SharedFixtures;
import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.json.JsonValues;
import io.omnimargin.protocol.json.OrderJson;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.Hex;
import io.omnimargin.protocol.types.OrderId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * Replays every case of {@code eip712-orders.json} (made by ethers, an independent implementation):
 * hashes, ids, signatures, cancels and solver bids. Another file of the same format can be run by
 * setting {@code OMNIMARGIN_EIP712_FIXTURES}.
 */
class Eip712FixturesTest {
  private static final String ENV = "OMNIMARGIN_EIP712_FIXTURES";
  private static final JsonNode FILE = SharedFixtures.read(ENV, "eip712-orders.json");
  private static final SignatureRecovery FAST = Secp256k1Provider.recovery();
  private static final SignatureRecovery JAVA = Secp256k1Provider.javaRecovery();

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : FILE.get("cases")) {
      out.add(Arguments.of(i++ + " " + c.get("kind").asText(), c));
    }
    assertThat(out).as("fixture cases").isNotEmpty();
    return out.stream();
  }

  @Test
  void typeHashesMatchTheFile() {
    assertThat(TypeHashes.ORDER.toHex()).isEqualTo(FILE.get("orderTypeHash").asText());
    assertThat(TypeHashes.MARGIN_ORDER.toHex()).isEqualTo(FILE.get("marginOrderTypeHash").asText());
    assertThat(TypeHashes.WITHDRAWAL.toHex()).isEqualTo(FILE.get("withdrawalTypeHash").asText());
    assertThat(TypeHashes.MARGIN_ORDER_TYPE).isEqualTo(FILE.get("marginOrderType").asText());
    assertThat(TypeHashes.WITHDRAWAL_TYPE).isEqualTo(FILE.get("withdrawalType").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void orderHashesAndIdMatch(String name, JsonNode c) throws Exception {
    Eip712Domain domain = domain(c.get("domain"));
    GaslessCrossChainOrder order = OrderJson.parse(c.get("order"));

    assertThat(domain.separator().toHex()).isEqualTo(c.get("domainSeparator").asText());
    assertThat(order.structHash().toHex()).isEqualTo(c.get("structHash").asText());
    assertThat(order.id(domain).toHex()).isEqualTo(c.get("orderId").asText());

    // web3j's generic JSON-driven encoder is the reference for our direct hashing.
    String typedData = new ObjectMapper().writeValueAsString(c.get("typedData"));
    byte[] reference = new StructuredDataEncoder(typedData).hashStructuredData();
    assertThat(Hex.encode(reference)).isEqualTo(c.get("orderId").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void signatureRecoversTheUserAndReSigningReproducesIt(String name, JsonNode c) {
    Eip712Domain domain = domain(c.get("domain"));
    GaslessCrossChainOrder order = OrderJson.parse(c.get("order"));
    byte[] digest = order.id(domain).value().toArray();
    Signature signature = Signature.parse(c.get("signature").asText());

    assertThat(FAST.recover(digest, signature)).isEqualTo(order.user());
    assertThat(JAVA.recover(digest, signature)).isEqualTo(order.user());

    PrivateKey key = PrivateKey.fromHex(c.get("privateKey").asText());
    assertThat(key.address()).isEqualTo(order.user());
    // RFC 6979 is deterministic: our signer must reproduce ethers' signature byte for byte.
    assertThat(key.sign(digest).toHex()).isEqualTo(c.get("signature").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void orderDataDecodesToTheFieldsAndReEncodesIdentically(String name, JsonNode c) {
    GaslessCrossChainOrder order = OrderJson.parse(c.get("order"));
    OrderDataType type = OrderDataType.fromTypeHash(order.orderDataType()).orElseThrow();
    OrderData data = OrderDataCodec.decode(type, order.orderData());
    JsonNode f = c.get("fields");

    if (data instanceof MarginOrder m) {
      assertThat(c.get("kind").asText()).isEqualTo("MarginOrder");
      assertThat(m.market().toWord()).isEqualTo(Bytes32.fromHex(f.get("market").asText()));
      assertThat(m.isBuy()).isEqualTo(f.get("isBuy").asBoolean());
      assertThat(m.size().toString()).isEqualTo(f.get("size").asText());
      assertThat(m.limitPrice().toString()).isEqualTo(f.get("limitPrice").asText());
      assertThat(m.reduceOnly()).isEqualTo(f.get("reduceOnly").asBoolean());
      assertThat(m.venueChainId().toString()).isEqualTo(f.get("venueChainId").asText());
      assertThat(m.maxFee().toString()).isEqualTo(f.get("maxFee").asText());
    } else {
      CollateralWithdrawal w = (CollateralWithdrawal) data;
      assertThat(c.get("kind").asText()).isEqualTo("CollateralWithdrawal");
      assertThat(w.chainId().toString()).isEqualTo(f.get("chainId").asText());
      assertThat(w.asset().toHex()).isEqualTo(f.get("asset").asText());
      assertThat(w.amount().toString()).isEqualTo(f.get("amount").asText());
      assertThat(w.recipient().toHex()).isEqualTo(f.get("recipient").asText());
    }
    assertThat(data.encode()).isEqualTo(order.orderData());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void cancelIsSignedByTheUser(String name, JsonNode c) {
    Eip712Domain domain = domain(c.get("domain"));
    GaslessCrossChainOrder order = OrderJson.parse(c.get("order"));
    JsonNode cancel = c.get("cancel");
    OrderId id = OrderId.parse(cancel.get("orderId").asText());
    assertThat(id.toHex()).isEqualTo(c.get("orderId").asText());

    byte[] digest = new CancelOrder(id).digest(domain);
    Signature signature = Signature.parse(cancel.get("signature").asText());
    assertThat(FAST.recover(digest, signature)).isEqualTo(order.user());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void solverBidDigestAndSignerMatch(String name, JsonNode c) {
    Eip712Domain domain = domain(c.get("domain"));
    JsonNode b = c.get("bid");
    SolverBid bid =
        new SolverBid(
            OrderId.parse(b.get("orderId").asText()),
            Address.parse(b.get("solver").asText()),
            JsonValues.uint(b, "price", 256),
            JsonValues.uint(b, "fee", 256),
            b.get("validUntil").asLong());

    byte[] digest = bid.digest(domain);
    assertThat(Hex.encode(digest)).isEqualTo(b.get("digest").asText());
    Signature signature = Signature.parse(b.get("signature").asText());
    assertThat(FAST.recover(digest, signature)).isEqualTo(bid.solver());
    assertThat(PrivateKey.fromHex(b.get("solverPrivateKey").asText()).address())
        .isEqualTo(bid.solver());
  }

  @Test
  void nativeRecoveryIsActiveOnLinuxX64() {
    // The bundled libsecp256k1 ships for linux-x86_64; the fallback is for other platforms.
    if (System.getProperty("os.name").startsWith("Linux")
        && System.getProperty("os.arch").matches("amd64|x86_64")) {
      assertThat(FAST.isNative()).as(FAST.name()).isTrue();
    }
    assertThat(Keccak.hash("").length).isEqualTo(32);
  }

  static Eip712Domain domain(JsonNode d) {
    return new Eip712Domain(
        d.get("name").asText(),
        d.get("version").asText(),
        ChainId.parse(d.get("chainId").asText()),
        Address.parse(d.get("verifyingContract").asText()));
  }
}
