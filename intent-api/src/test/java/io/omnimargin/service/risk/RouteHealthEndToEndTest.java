package io.omnimargin.service.risk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.OneChainResource;
import io.omnimargin.settlement.testkit.LocalVault;
import io.omnimargin.testsupport.AnvilNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * Bridge health through the real service and a real chain: a deposit on anvil is proven and
 * credited at the configured m, its latency measured; then the route's adapters fall behind — no
 * new final block while the hub's clock runs on — and m falls, AV_i at once, and the account says
 * why; a new final block brings m back.
 */
@QuarkusTest
@TestProfile(RouteHealthEndToEndTest.OneChain.class)
class RouteHealthEndToEndTest {
  public static class OneChain implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(OneChainResource.class));
    }
  }

  static final PrivateKey TRADER = PrivateKey.fromHex(AnvilNode.SECOND_KEY);
  static final String ACCOUNT = "/v1/accounts/" + TRADER.address().toChecksumHex();

  @Inject MutableClock clock;

  @ConfigProperty(name = "test.chains.ethereum")
  String ethereum;

  @ConfigProperty(name = "omnimargin.settlement.chains.\"1\".vault")
  String vault;

  static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "timed out waiting for " + what + "; the line says " + eth("discountReason"));
  }

  static String eth(String field) {
    return String.valueOf(
        given()
            .get(ACCOUNT)
            .then()
            .statusCode(200)
            .extract()
            .<Object>path("collateral.find { it.chainId == '1' }." + field));
  }

  @Test
  void adaptersFallingBehindLowerMAndTheAccountSaysWhy() throws Exception {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\"3000\",\"publishTime\":"
                + clock.instant().getEpochSecond()
                + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
    // the deposit's block is made 30 s before the hub credits it: a measured latency of 30 s
    clock.advance(Duration.ofSeconds(100));
    long hubNow = clock.instant().getEpochSecond();
    AnvilNode.call(ethereum, "evm_setNextBlockTimestamp", "[" + (hubNow - 30) + "]");
    LocalVault.attach(ethereum, Address.parse(vault), null)
        .depositNative(
            Credentials.create(AnvilNode.SECOND_KEY),
            BigInteger.TWO.multiply(BigInteger.TEN.pow(18)));
    AnvilNode.mine(ethereum, 1);
    await("ETH credited", () -> "2".equals(eth("amount")));
    await("route 1 scored", () -> eth("discountReason").startsWith("m 0.99 (configured): healthy"));
    assertThat(eth("messagingDiscount")).isEqualTo("0.99");
    given()
        .get("/v1/routes/1")
        .then()
        .body("measuredLatencySeconds", equalTo(30))
        .body("latencySeconds", equalTo(900)) // the configured latency is the floor
        .body("explanation", endsWith("L_route 900 s (configured; measured 30 s)"));
    String avInitial = given().get(ACCOUNT).then().extract().path("avInitial");

    // ten minutes pass on the hub with no new final block: the adapters have fallen behind
    clock.advance(Duration.ofSeconds(600));
    await("m lowered", () -> !"0.99".equals(eth("messagingDiscount")));
    // silence 600 s against 120 expected: 100 bp per 120 s of excess = 400 bp; health 0.96;
    // m = 0.495 + 0.495 · 0.96
    assertThat(eth("messagingDiscount")).isEqualTo("0.9702");
    assertThat(eth("discountReason"))
        .isEqualTo(
            "m 0.9702 of configured 0.99: no new final block for 600 s, expected within 120."
                + " L_route 900 s (configured; measured 30 s)");
    assertThat(new BigDecimal(given().get(ACCOUNT).then().extract().<String>path("avInitial")))
        .isLessThan(new BigDecimal(avInitial));
    given()
        .get("/v1/routes/1")
        .then()
        .statusCode(200)
        .body("discount", equalTo("0.9702"))
        .body("configuredDiscount", equalTo("0.99"))
        .body("inputs.silenceSeconds", equalTo(600))
        .body("inputs.expectedFinalitySeconds", equalTo(120))
        .body("explanation", startsWith("m 0.9702 of configured 0.99"));
    // the explorer's account page says it too, on the m of the chain's line
    assertThat(
            given()
                .get("/accounts/" + TRADER.address().toChecksumHex())
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .contains("title=\"m 0.9702 of configured 0.99: no new final block for 600 s");

    // the chain moves again: new blocks made now (the hub's now), final at once, and m is back
    AnvilNode.call(
        ethereum, "evm_setNextBlockTimestamp", "[" + clock.instant().getEpochSecond() + "]");
    AnvilNode.mine(ethereum, 2);
    await(
        "a new final block",
        () ->
            given().get("/v1/routes/1").then().extract().<Integer>path("inputs.silenceSeconds")
                == 0);
    // the stall still shows as one slow block interval; blocks at pace wash it out
    AnvilNode.mine(ethereum, 2);
    await("m restored", () -> "0.99".equals(eth("messagingDiscount")));
    assertThat(eth("maintenanceDiscount")).isEqualTo("0.99");
  }
}
