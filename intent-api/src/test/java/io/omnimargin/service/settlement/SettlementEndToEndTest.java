package io.omnimargin.service.settlement;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.Owners;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.eip712.FrontDeposit;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.TwoChainsResource;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.settlement.testkit.LocalVault;
import io.omnimargin.testsupport.AnvilNode;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The whole path on two real chains through the real service: deposits on Ethereum and Polygon are
 * credited only after attested, proven state; one Account Value spans both; a margin order is
 * accepted on it and an oversized one refused; then Ethereum's adapters disagree, the route goes
 * down and the ETH collateral stops counting at once.
 */
@QuarkusTest
@TestProfile(SettlementEndToEndTest.TwoChains.class)
class SettlementEndToEndTest {
  public static class TwoChains implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(TwoChainsResource.class));
    }
  }

  static final PrivateKey TRADER = PrivateKey.fromHex(AnvilNode.SECOND_KEY);
  static final Credentials TRADER_WALLET = Credentials.create(AnvilNode.SECOND_KEY);
  static final String ACCOUNT = "/v1/accounts/" + TRADER.address().toChecksumHex();

  @Inject MutableClock clock;
  @Inject MarginInputs inputs;

  @ConfigProperty(name = "test.chains.ethereum")
  String ethereum;

  @ConfigProperty(name = "test.chains.polygon")
  String polygon;

  @ConfigProperty(name = "test.chains.impostor")
  String impostor;

  @ConfigProperty(name = "test.chains.usdc")
  String usdc;

  @ConfigProperty(name = "omnimargin.settlement.chains.\"1\".vault")
  String vaultA;

  @ConfigProperty(name = "omnimargin.settlement.chains.\"137\".vault")
  String vaultB;

  static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  static String line(String chainId, String asset, String field) {
    Object v =
        given()
            .get(ACCOUNT)
            .then()
            .statusCode(200)
            .extract()
            .path(
                "collateral.find { it.chainId == '"
                    + chainId
                    + "' && it.asset == '"
                    + asset
                    + "' }."
                    + field);
    return String.valueOf(v);
  }

  @Test
  void depositsOnTwoChainsBecomeOneAccountAndARouteGoingDownStopsItsCollateral() throws Exception {
    LocalVault a = LocalVault.attach(ethereum, Address.parse(vaultA), null);
    LocalVault b = LocalVault.attach(polygon, Address.parse(vaultB), Address.parse(usdc));
    long now = clock.instant().getEpochSecond();
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\"3000\",\"publishTime\":"
                + now
                + "},{\"asset\":\"USDC\",\"price\":\"1\",\"publishTime\":"
                + now
                + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);

    // nothing is credited before the proofs: the account starts empty
    given().get(ACCOUNT).then().body("avMaintenance", equalTo("0"));

    a.depositNative(TRADER_WALLET, BigInteger.TWO.multiply(BigInteger.TEN.pow(18)));
    b.depositUsdc(TRADER_WALLET, BigInteger.valueOf(5_000_000_000L)); // 5,000 USDC
    AnvilNode.mine(ethereum, 1);
    AnvilNode.mine(polygon, 1);

    await("ETH on chain 1 credited", () -> "2".equals(line("1", "ETH", "amount")));
    await("USDC on chain 137 credited", () -> "5000".equals(line("137", "USDC", "amount")));
    given()
        .get(ACCOUNT)
        .then()
        .body("collateral.size()", equalTo(2))
        // 2 · 3,000 · (1 − 0.05) · 0.99 + 5,000 · (1 − 0.02) · 0.98 = 5,643 + 4,802
        .body("avMaintenance", equalTo("10445"))
        .body("lastCause", startsWith("proof "));
    given()
        .get("/v1/settlement")
        .then()
        .statusCode(200)
        .body("chains.size()", equalTo(2))
        .body("chains.find { it.chainId == '1' }.live", equalTo(true))
        .body("chains.find { it.chainId == '1' }.quorum", equalTo("2 of 3"))
        .body("chains.find { it.chainId == '1' }.applied", equalTo(1))
        .body("chains.find { it.chainId == '137' }.applied", equalTo(1));

    // one account across both chains carries a margin order; a far larger one is refused
    submit(Wallet.signed(TRADER, Wallet.order(TRADER, 1, SignedOrders.buy("ETH-PERP", 10, 3000))))
        .statusCode(202);
    submit(Wallet.signed(TRADER, Wallet.order(TRADER, 2, SignedOrders.buy("ETH-PERP", 100, 3000))))
        .statusCode(422)
        .body("code", equalTo("insufficient-margin"));

    // a withdrawal of 1 ETH on chain 1: margin-checked, released by the hub, proven, closed
    Address recipient = Address.parse("0x00000000000000000000000000000000000abc01");
    String withdrawal =
        submit(
                Wallet.signed(
                    TRADER,
                    Wallet.order(
                        TRADER,
                        3,
                        new CollateralWithdrawal(
                            Uint256.of(1),
                            Bytes32.ZERO, // the native coin
                            Uint256.of(BigInteger.TEN.pow(18)),
                            Bytes32.leftPad(recipient.toArray())))))
            .statusCode(202)
            .extract()
            .path("orderId");
    await(
        "withdrawal FILLED",
        () -> {
          AnvilNode.mine(ethereum, 1); // blocks keep coming, as on a live chain
          return "FILLED"
              .equals(given().get("/v1/intents/" + withdrawal).then().extract().path("status"));
        });
    given()
        .get("/v1/intents/" + withdrawal)
        .then()
        .body("history.status", org.hamcrest.Matchers.contains("OPEN", "AWARDED", "FILLED"));
    org.assertj.core.api.Assertions.assertThat(line("1", "ETH", "amount")).isEqualTo("1");
    org.assertj.core.api.Assertions.assertThat(
            new java.math.BigInteger(
                AnvilNode.call(
                        ethereum,
                        "eth_getBalance",
                        "[\"" + recipient.toChecksumHex() + "\",\"latest\"]")
                    .replaceAll(".*\"result\":\"0x([0-9a-f]+)\".*", "$1")
                    .trim(),
                16))
        .isEqualTo(BigInteger.TEN.pow(18));

    // Ethereum's third adapter now follows its own history: the adapters disagree
    AnvilNode.mine(impostor, 30);
    AnvilNode.mine(ethereum, 3);
    await("route 1 down", () -> "0".equals(line("1", "ETH", "messagingDiscount")));
    given()
        .get(ACCOUNT)
        .then()
        .body("collateral.find { it.chainId == '1' }.valueMaintenance", equalTo("0"))
        .body("collateral.find { it.chainId == '137' }.valueMaintenance", equalTo("4802"));
    given()
        .get("/v1/settlement")
        .then()
        .body("chains.find { it.chainId == '1' }.live", equalTo(false))
        .body("chains.find { it.chainId == '1' }.lastError", equalTo("route-not-live"))
        .body("chains.find { it.chainId == '137' }.live", equalTo(true));

    // solver-fronted: a deposit on Polygon credited at once on a solver's word, provisionally
    TransactionReceipt pending = b.depositUsdc(TRADER_WALLET, BigInteger.valueOf(1_000_000_000L));
    String tx = pending.getTransactionHash();
    PrivateKey solver = TwoChainsResource.SOLVER_KEY;
    front(solver, solver, tx, 2).statusCode(202).body("amount", equalTo(1_000_000_000));
    given()
        .get(ACCOUNT)
        .then()
        .body("collateral.find { it.chainId == '137' }.amount", equalTo("6000"))
        .body("collateral.find { it.chainId == '137' }.provisional", equalTo("1000"));
    front(solver, solver, tx, 2).statusCode(409).body("code", equalTo("deposit-already-fronted"));
    front(solver, solver, tx, 9).statusCode(422).body("code", equalTo("deposit-not-found"));
    PrivateKey stranger = PrivateKey.fromHex("0x" + "55".repeat(32));
    front(stranger, stranger, tx, 2).statusCode(403).body("code", equalTo("solver-not-allowed"));
    front(stranger, solver, tx, 2).statusCode(403).body("code", equalTo("signer-mismatch"));

    // the proof lands: the credit is ordinary, the solver is owed its repayment
    await(
        "fronted deposit proven",
        () -> {
          AnvilNode.mine(polygon, 1);
          return "0".equals(line("137", "USDC", "provisional"));
        });
    org.assertj.core.api.Assertions.assertThat(line("137", "USDC", "amount")).isEqualTo("6000");
    given()
        .get("/v1/settlement")
        .then()
        .body("repaymentsOwed.size()", equalTo(1))
        .body("repaymentsOwed[0].solver", equalTo(solver.address().toChecksumHex()))
        .body("repaymentsOwed[0].amount", equalTo("1000000000"));
    front(solver, solver, tx, 2).statusCode(409).body("code", equalTo("deposit-already-settled"));

    // a fill with the solver as counterparty, then a crash in ETH: the account is liquidated
    // (the insurance fund takes the position at the mark), its loss is seized from the USDC vault
    // and the insurance fund pays the seized value into its cash
    inputs.apply(
        new EngineInput.Fill(
            Trade.at(
                "ETH-PERP",
                TRADER.address(),
                solver.address(),
                BigInteger.TEN.multiply(BigInteger.TEN.pow(18)),
                BigInteger.valueOf(3000).multiply(BigInteger.TEN.pow(18))),
            Owners.intent("fill-e2e")));
    given().get(ACCOUNT).then().body("health", equalTo("healthy"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"prices\":[{\"asset\":\"ETH\",\"price\":\"2500\",\"publishTime\":" + now + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
    // offered to solvers for the liquidation window; with no bid the insurance fund takes it
    await(
        "liquidated",
        () -> given().get(ACCOUNT).then().extract().path("positions.size()").equals(0));
    given().get(ACCOUNT).then().body("cash", equalTo("-5000"));
    await(
        "seizure proven",
        () -> {
          AnvilNode.mine(polygon, 1);
          return "1000".equals(line("137", "USDC", "amount"));
        });
    await(
        "seized value credited",
        () -> "0".equals(given().get(ACCOUNT).then().extract().path("cash")));
    org.assertj.core.api.Assertions.assertThat(
            new BigInteger(
                AnvilNode.call(
                        polygon,
                        "eth_call",
                        "[{\"to\":\""
                            + usdc
                            + "\",\"data\":\"0x70a08231000000000000000000000000"
                            + TwoChainsResource.INSURANCE.substring(2).toLowerCase()
                            + "\"},\"latest\"]")
                    .replaceAll(".*\"result\":\"0x([0-9a-f]+)\".*", "$1")
                    .trim(),
                16))
        .as("USDC held by the insurance fund")
        .isEqualTo(BigInteger.valueOf(5_000_000_000L));
  }

  static io.restassured.response.ValidatableResponse front(
      PrivateKey signer, PrivateKey claimed, String tx, long nonce) {
    FrontDeposit front =
        new FrontDeposit(137, Bytes32.fromHex(tx), Uint256.of(nonce), claimed.address());
    String signature = signer.sign(front.digest(Wallet.DOMAIN)).toHex();
    return given()
        .contentType(ContentType.JSON)
        .body(
            "{\"front\":{\"chainId\":\"137\",\"txHash\":\""
                + tx
                + "\",\"depositNonce\":\""
                + nonce
                + "\",\"solver\":\""
                + claimed.address().toChecksumHex()
                + "\"},\"signature\":\""
                + signature
                + "\"}")
        .post("/v1/settlement/fronts")
        .then();
  }
}
