package io.omnimargin.service.explorer;

import static io.restassured.RestAssured.given;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.support.Api;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.restassured.http.ContentType;
import java.math.BigInteger;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A trader and a solver through the service's public HTTP API, as the explorer tests need them. */
final class Trading {
  static final BigInteger WAD = BigInteger.TEN.pow(18);

  private Trading() {}

  static void fund(PrivateKey account, String chainId, String asset, String amount) {
    post(
        "/v1/dev/collateral",
        "{\"account\":\"%s\",\"chainId\":\"%s\",\"asset\":\"%s\",\"amount\":\"%s\"}"
            .formatted(account.address().toChecksumHex(), chainId, asset, amount));
  }

  static void price(String asset, String price, long publishTime) {
    post(
        "/v1/oracle/prices",
        "{\"prices\":[{\"asset\":\"%s\",\"price\":\"%s\",\"publishTime\":%d}]}"
            .formatted(asset, price, publishTime));
  }

  static void route(String chainId, boolean live) {
    post("/v1/dev/routes", "{\"chainId\":\"%s\",\"live\":%s}".formatted(chainId, live));
  }

  static void register(PrivateKey solver, long issuedAt) {
    SolverRegistration r = new SolverRegistration(solver.address(), "maker", issuedAt);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"registration\":{\"solver\":\"%s\",\"name\":\"maker\",\"issuedAt\":%d},\"signature\":\"%s\"}"
                .formatted(
                    solver.address().toChecksumHex(),
                    issuedAt,
                    solver.sign(r.digest(Wallet.DOMAIN)).toHex()))
        .post("/v1/solvers/registrations")
        .then()
        .statusCode(201);
  }

  /** A signed buy of {@code size} ETH-PERP at no more than {@code limit}; its order id. */
  static String buy(PrivateKey trader, int nonce, long size, long limit) {
    return Api.submit(
            Wallet.signed(
                trader, Wallet.order(trader, nonce, SignedOrders.buy("ETH-PERP", size, limit))))
        .statusCode(202)
        .extract()
        .path("orderId");
  }

  static void bid(PrivateKey solver, String orderId, long price, long fee, long validUntil) {
    SolverBid b =
        new SolverBid(
            OrderId.parse(orderId),
            solver.address(),
            Uint256.of(BigInteger.valueOf(price).multiply(WAD)),
            Uint256.of(BigInteger.valueOf(fee).multiply(WAD)),
            validUntil);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"bid\":{\"orderId\":\"%s\",\"solver\":\"%s\",\"price\":\"%s\",\"fee\":\"%s\",\"validUntil\":%d},\"signature\":\"%s\"}"
                .formatted(
                    orderId,
                    solver.address().toChecksumHex(),
                    b.price().toBigInteger(),
                    b.fee().toBigInteger(),
                    validUntil,
                    solver.sign(b.digest(Wallet.DOMAIN)).toHex()))
        .post("/v1/auctions/" + orderId + "/bids")
        .then()
        .statusCode(202);
  }

  static void fill(PrivateKey solver, String orderId, long size, long price) {
    FillReport f =
        new FillReport(
            OrderId.parse(orderId),
            solver.address(),
            1,
            Bytes32.leftPad(new byte[] {0x7f}),
            Uint256.of(BigInteger.valueOf(size).multiply(WAD)),
            Uint256.of(BigInteger.valueOf(price).multiply(WAD)));
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"fill\":{\"orderId\":\"%s\",\"solver\":\"%s\",\"venueChainId\":\"1\",\"txHash\":\"%s\",\"size\":\"%s\",\"price\":\"%s\"},\"signature\":\"%s\"}"
                .formatted(
                    orderId,
                    solver.address().toChecksumHex(),
                    f.txHash().toHex(),
                    f.size().toBigInteger(),
                    f.price().toBigInteger(),
                    solver.sign(f.digest(Wallet.DOMAIN)).toHex()))
        .post("/v1/auctions/" + orderId + "/fills")
        .then()
        .statusCode(200);
  }

  static String status(String orderId) {
    return given().get("/v1/intents/" + orderId).then().extract().path("status");
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private static void post(String path, String body) {
    given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(200);
  }
}
