package io.omnimargin.service.margin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.Owners;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.support.Management;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * The engine's inputs travel as messages on their channels and its outputs leave on {@code
 * margin-events}: a fill sent on the {@code fills} channel opens the position and publishes the
 * account's new value; a refused input is nacked to its sender and the stream goes on.
 */
@QuarkusTest
class MarginChannelsTest {
  @Inject MarginInputs inputs;
  @Inject MutableClock clock;

  private static double metric(String line) {
    String text = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    return text.lines()
        .filter(l -> l.startsWith(line))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void fillsAndCollateralArriveAsMessagesAndValuesGoOut() {
    long now = clock.instant().getEpochSecond();
    PrivateKey key = SignedOrders.key(951);
    Address owner = key.address();
    double valuedBefore = metric("omnimargin_margin_events_total{type=\"Valued\"");

    inputs.apply(new EngineInput.PriceTick("ETH", new Price(Wad.of("3000"), now), "test"));
    inputs.apply(
        new EngineInput.CollateralChange(
            owner, new CollateralKey(1, "ETH"), BigInteger.TEN.pow(19), "test deposit"));
    inputs.apply( // the counterparty can carry its side
        new EngineInput.CollateralChange(
            SignedOrders.key(952).address(),
            new CollateralKey(1, "ETH"),
            BigInteger.TEN.pow(19),
            "test deposit"));
    inputs.apply(
        new EngineInput.Fill(
            Trade.at(
                "ETH-PERP", owner, SignedOrders.key(952).address(), Wad.of("2"), Wad.of("3000")),
            Owners.intent("fill-1")));

    given()
        .get(MarginApiTest.account(key))
        .then()
        .statusCode(200)
        .body("positions[0].market", equalTo("ETH-PERP"))
        .body("positions[0].size", equalTo("2"))
        .body("lastCause", equalTo("trade " + Owners.intent("fill-1").toHex()));
    assertThat(metric("omnimargin_margin_events_total{type=\"Valued\""))
        .isEqualTo(valuedBefore + 4); // two deposits, both sides of the trade
    assertThat(metric("omnimargin_margin_inputs_total{kind=\"fill\"")).isGreaterThanOrEqualTo(1);

    // a debit larger than the balance is refused: the sender sees why, the channel keeps going
    assertThatThrownBy(
            () ->
                inputs.apply(
                    new EngineInput.CollateralChange(
                        owner, new CollateralKey(1, "ETH"), BigInteger.TEN.pow(20).negate(), "x")))
        .hasMessageContaining("debit exceeds");
    inputs.apply(
        new EngineInput.CollateralChange(
            owner, new CollateralKey(1, "ETH"), BigInteger.TEN.pow(18), "second deposit"));
    given()
        .get(MarginApiTest.account(key))
        .then()
        .body("collateral.find { it.asset == 'ETH' }.amount", equalTo("11"));
  }
}
