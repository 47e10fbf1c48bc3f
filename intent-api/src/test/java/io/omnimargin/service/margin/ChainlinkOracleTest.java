package io.omnimargin.service.margin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.support.AnvilOracleResource;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.testsupport.AnvilNode;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;

/**
 * The Chainlink-style reader against a real aggregator contract on a real local chain: each new
 * round becomes the account's ETH price with the round's {@code updatedAt} as its publish time; a
 * round Chainlink's guidance says to refuse (answer ≤ 0), or one published ahead of the hub's
 * clock, leaves the last good price in place.
 */
@QuarkusTest
@TestProfile(ChainlinkOracleTest.OnAnvil.class)
class ChainlinkOracleTest {
  public static class OnAnvil implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(AnvilOracleResource.class));
    }
  }

  @ConfigProperty(name = "omnimargin.oracle.chainlink.rpc-url")
  String rpcUrl;

  @ConfigProperty(name = "omnimargin.oracle.chainlink.feeds.ETH")
  String aggregator;

  private void postRound(String answer8Decimals, long updatedAt) {
    try (EvmChain chain = new EvmChain(rpcUrl)) {
      String data =
          FunctionEncoder.encode(
              new Function(
                  "submit",
                  List.of(
                      new Int256(new BigInteger(answer8Decimals)),
                      new Uint256(BigInteger.valueOf(updatedAt))),
                  List.of()));
      chain.transact(
          Credentials.create(AnvilNode.DEV_KEY),
          aggregator,
          data,
          BigInteger.ZERO,
          BigInteger.valueOf(200_000));
    }
  }

  private static String ethLine(PrivateKey key, String field) {
    Object value =
        given()
            .get(MarginApiTest.account(key))
            .then()
            .statusCode(200)
            .extract()
            .path("collateral.find { it.asset == 'ETH' }." + field);
    return String.valueOf(value);
  }

  private static void awaitPrice(PrivateKey key, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String seen = null;
    while (System.nanoTime() < deadline) {
      seen = ethLine(key, "price");
      if (expected.equals(seen)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("ETH price stayed " + seen + ", expected " + expected);
  }

  @Test
  void roundsOfTheAggregatorBecomeThePriceAndBadRoundsAreRefused() throws Exception {
    PrivateKey key = SignedOrders.key(901);
    MarginApiTest.fund(key, "1", "ETH", "2");
    long start = MutableClock.START.getEpochSecond();

    postRound("300025000000", start - 40);
    awaitPrice(key, "3000.25");
    assertThat(ethLine(key, "priceAgeSeconds")).isEqualTo("40");

    postRound("290000000000", start - 10);
    awaitPrice(key, "2900");
    assertThat(ethLine(key, "priceAgeSeconds")).isEqualTo("10");

    // answer 0: refused by the reader; twenty polls later the price is still 2,900
    postRound("0", start - 5);
    Thread.sleep(2_000);
    assertThat(ethLine(key, "price")).isEqualTo("2900");

    postRound("280000000000", start - 1);
    awaitPrice(key, "2800");

    // a round stamped in milliseconds (far in the future) is skipped, not applied: applied, it
    // would stand above every later round, which the engine would then ignore as out of order
    postRound("275000000000", start * 1000);
    Thread.sleep(2_000);
    assertThat(ethLine(key, "price")).isEqualTo("2800");

    postRound("270000000000", start);
    awaitPrice(key, "2700");
  }
}
