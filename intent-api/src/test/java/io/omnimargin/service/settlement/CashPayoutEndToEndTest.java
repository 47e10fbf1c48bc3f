package io.omnimargin.service.settlement;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.Owners;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.TwoChainsResource;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.settlement.testkit.LocalVault;
import io.omnimargin.testsupport.AnvilNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * Profit taken out as USDC on a real chain: the settlement pool's treasury wallet locks USDC in the
 * Polygon vault, a trader realizes a profit against two solvers, and withdraws part of it as USDC.
 * The hub releases it from the pool's vault balance, moves the trader's cash to the pool, and the
 * intent is filled once settlement proves the release; the ledger balances at every step. A payout
 * beyond the cash left is refused.
 */
@QuarkusTest
@TestProfile(CashPayoutEndToEndTest.WithPool.class)
class CashPayoutEndToEndTest {
  /** Anvil's third well-known account: the settlement pool's treasury wallet in this test. */
  static final String POOL_KEY =
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

  static final PrivateKey TRADER = PrivateKey.fromHex(AnvilNode.SECOND_KEY);
  static final Credentials TRADER_WALLET = Credentials.create(AnvilNode.SECOND_KEY);
  static final Address POOL = PrivateKey.fromHex(POOL_KEY).address();

  public static class WithPool implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(TwoChainsResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("omnimargin.clearing.settlement-pool", POOL.toChecksumHex());
    }
  }

  @Inject MutableClock clock;
  @Inject MarginInputs inputs;

  @ConfigProperty(name = "test.chains.ethereum")
  String ethereum;

  @ConfigProperty(name = "test.chains.polygon")
  String polygon;

  @ConfigProperty(name = "test.chains.usdc")
  String usdc;

  @ConfigProperty(name = "omnimargin.settlement.chains.\"1\".vault")
  String vaultA;

  @ConfigProperty(name = "omnimargin.settlement.chains.\"137\".vault")
  String vaultB;

  @Test
  void aProfitIsPaidOutAsUsdcFromThePoolAndProven() throws Exception {
    LocalVault a = LocalVault.attach(ethereum, Address.parse(vaultA), null);
    LocalVault b = LocalVault.attach(polygon, Address.parse(vaultB), Address.parse(usdc));
    prices("3000");
    b.depositUsdc(Credentials.create(POOL_KEY), BigInteger.valueOf(10_000_000_000L)); // 10,000
    a.depositNative(TRADER_WALLET, BigInteger.TWO.multiply(BigInteger.TEN.pow(18)));
    AnvilNode.mine(polygon, 1);
    AnvilNode.mine(ethereum, 1);
    SettlementEndToEndTest.await("the pool's USDC proven", () -> poolUsdc().equals("10000"));
    SettlementEndToEndTest.await(
        "the trader's ETH proven",
        () -> "2".equals(SettlementEndToEndTest.line("1", "ETH", "amount")));

    // the trader buys 1 ETH-PERP at 3,000 from one solver and sells it at 3,500 to another
    Address s1 = Owners.named("solver-1");
    Address s2 = Owners.named("solver-2");
    for (Address s : List.of(s1, s2)) {
      inputs.apply(
          new EngineInput.CollateralChange(
              s, new CollateralKey(1, "ETH"), Wad.of("10"), "test funding"));
    }
    inputs.apply(
        new EngineInput.Fill(
            Trade.at("ETH-PERP", TRADER.address(), s1, Wad.ONE, Wad.of("3000")),
            Owners.intent("open")));
    prices("3500");
    inputs.apply(
        new EngineInput.Fill(
            Trade.at("ETH-PERP", TRADER.address(), s2, Wad.ONE.negate(), Wad.of("3500")),
            Owners.intent("close")));
    given().get(SettlementEndToEndTest.ACCOUNT).then().body("cash", equalTo("500"));

    // 400 USDC on Polygon, where the trader has none of its own: paid from cash, by the pool
    Address recipient = Address.parse("0x00000000000000000000000000000000000abc02");
    String id = withdraw(1, 400_000_000L, recipient).statusCode(202).extract().path("orderId");
    SettlementEndToEndTest.await(
        "payout FILLED",
        () -> {
          AnvilNode.mine(polygon, 1);
          return "FILLED".equals(given().get("/v1/intents/" + id).then().extract().path("status"));
        });
    assertThat(usdcBalance(recipient)).isEqualTo(BigInteger.valueOf(400_000_000L));
    given().get(SettlementEndToEndTest.ACCOUNT).then().body("cash", equalTo("100"));
    SettlementEndToEndTest.await(
        "the pool's lower balance proven", () -> poolUsdc().equals("9600"));
    given().get("/v1/accounts/" + POOL.toChecksumHex()).then().body("cash", equalTo("400"));
    given().get("/v1/ledger").then().body("imbalance", equalTo("0"));

    // the cash left is 100: a payout of 200 is refused at intake, nothing reserved or moved
    withdraw(2, 200_000_000L, recipient).statusCode(422).body("code", equalTo("insufficient-cash"));
    given().get(SettlementEndToEndTest.ACCOUNT).then().body("cash", equalTo("100"));
  }

  private io.restassured.response.ValidatableResponse withdraw(
      long nonce, long units, Address recipient) {
    return submit(
        Wallet.signed(
            TRADER,
            Wallet.order(
                TRADER,
                nonce,
                new CollateralWithdrawal(
                    Uint256.of(137),
                    Bytes32.leftPad(Address.parse(usdc).toArray()),
                    Uint256.of(BigInteger.valueOf(units)),
                    Bytes32.leftPad(recipient.toArray())))));
  }

  private void prices(String eth) {
    long now = clock.instant().getEpochSecond();
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\""
                + eth
                + "\",\"publishTime\":"
                + now
                + "},{\"asset\":\"USDC\",\"price\":\"1\",\"publishTime\":"
                + now
                + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
  }

  private static String poolUsdc() {
    Object amount =
        given()
            .get("/v1/accounts/" + POOL.toChecksumHex())
            .then()
            .extract()
            .path("collateral.find { it.chainId == '137' && it.asset == 'USDC' }.amount");
    return String.valueOf(amount);
  }

  private BigInteger usdcBalance(Address holder) {
    return new BigInteger(
        AnvilNode.call(
                polygon,
                "eth_call",
                "[{\"to\":\""
                    + usdc
                    + "\",\"data\":\"0x70a08231000000000000000000000000"
                    + holder.toLowerHex().substring(2)
                    + "\"},\"latest\"]")
            .replaceAll(".*\"result\":\"0x([0-9a-f]+)\".*", "$1")
            .trim(),
        16);
  }
}
