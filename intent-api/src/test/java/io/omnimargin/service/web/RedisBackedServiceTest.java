package io.omnimargin.service.web;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.auction.solver.SolverRecord;
import io.omnimargin.auction.solver.SolverRecords;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.settlement.SettlementWiring;
import io.omnimargin.service.store.RedisCommands;
import io.omnimargin.service.store.RedisIntentStore;
import io.omnimargin.service.store.RedisPendingSeizures;
import io.omnimargin.service.store.RedisSettlementJournal;
import io.omnimargin.service.store.RedisSolverRecords;
import io.omnimargin.service.support.Management;
import io.omnimargin.service.support.RedisResource;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The service configured with {@code omnimargin.store=redis} against a real redis-server: intake,
 * idempotency, nonce reuse and cancel go through Redis, and a second store on the same server (a
 * restarted service or another replica) sees everything with its history; the ledger and the solver
 * registry live there too.
 */
@QuarkusTest
@TestProfile(RedisBackedServiceTest.RedisProfile.class)
class RedisBackedServiceTest {
  static final PrivateKey SOLVER = PrivateKey.fromHex("0x" + "5e".repeat(32));

  public static class RedisProfile implements QuarkusTestProfile {
    @Override
    public java.util.List<TestResourceEntry> testResources() {
      return java.util.List.of(new TestResourceEntry(RedisResource.class));
    }

    @Override
    public java.util.Map<String, String> getConfigOverrides() {
      return java.util.Map.of(
          "omnimargin.solvers.allow",
          SOLVER.address().toChecksumHex(),
          "omnimargin.solvers.bond",
          "5000");
    }
  }

  @Inject IntentStore store;
  @Inject RedisDataSource redis;
  @Inject SettlementWiring settlement;
  @Inject SolverRegistry registry;
  @Inject java.time.Clock clock;

  @Test
  void intentsLiveInRedisAndSurviveARestart() {
    assertThat(store).isInstanceOf(RedisIntentStore.class);
    PrivateKey key = SignedOrders.key(501);
    GaslessCrossChainOrder order = Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 1, 3000));
    String body = Wallet.signed(key, order);
    String id = submit(body).statusCode(202).extract().path("orderId");
    submit(body).statusCode(202).body("duplicate", equalTo(true));
    submit(Wallet.signed(key, Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 2, 3000))))
        .statusCode(409)
        .body("code", equalTo("nonce-reused"));
    given()
        .contentType(ContentType.JSON)
        .body(Wallet.cancelBody(key, OrderId.parse(id)))
        .post("/v1/intents/" + id + "/cancel")
        .then()
        .statusCode(200);

    IntentStore restarted =
        new RedisIntentStore(
            (command, args) -> redis.execute(command, args.toArray(String[]::new)), "om:");

    var found = restarted.find(OrderId.parse(id)).orElseThrow();
    assertThat(found.status()).isEqualTo(IntentStatus.CANCELLED);
    assertThat(found.history())
        .extracting(h -> h.status())
        .containsExactly(IntentStatus.OPEN, IntentStatus.CANCELLED);
    Management.given().get("/q/health/ready").then().statusCode(200);
  }

  @Test
  void theStatusStreamSendsTheHistoryAndEachChangeFromRedis() throws Exception {
    PrivateKey key = SignedOrders.key(503);
    String id =
        submit(Wallet.signed(key, Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 1, 3000))))
            .statusCode(202)
            .extract()
            .path("orderId");
    java.net.http.HttpResponse<java.util.stream.Stream<String>> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://localhost:"
                                + io.restassured.RestAssured.port
                                + "/v1/intents/"
                                + id
                                + "/events"))
                    .header("Accept", "text/event-stream")
                    .timeout(java.time.Duration.ofSeconds(20))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    java.util.Iterator<String> data =
        response.body().filter(line -> line.startsWith("data:")).iterator();
    assertThat(data.next()).contains("\"status\":\"OPEN\"");
    given()
        .contentType(ContentType.JSON)
        .body(Wallet.cancelBody(key, OrderId.parse(id)))
        .post("/v1/intents/" + id + "/cancel")
        .then()
        .statusCode(200);
    assertThat(data.next()).contains("\"status\":\"CANCELLED\"");
  }

  @Test
  void aSolversRegistrationLivesInRedisAndARebuiltRegistryFindsIt() throws Exception {
    long issuedAt = clock.instant().getEpochSecond();
    SolverRegistration registration =
        new SolverRegistration(SOLVER.address(), "redis desk", issuedAt);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"registration\":{\"solver\":\""
                + SOLVER.address().toChecksumHex()
                + "\",\"name\":\"redis desk\",\"issuedAt\":"
                + issuedAt
                + "},\"signature\":\""
                + SOLVER.sign(registration.digest(Wallet.DOMAIN)).toHex()
                + "\"}")
        .post("/v1/solvers/registrations")
        .then()
        .statusCode(201);
    registry.responded(SOLVER.address(), 17);
    registry.awarded(SOLVER.address());
    registry.filled(SOLVER.address());

    // the registration was in Redis before it was answered; the counters follow within moments
    SolverRecords inRedis =
        new RedisSolverRecords(
            (command, args) -> redis.execute(command, args.toArray(String[]::new)), "om:");
    assertThat(inRedis.loadAll())
        .extracting(r -> r.registration().orElseThrow().issuedAt())
        .containsExactly(issuedAt);
    SolverRecord now = registry.record(SOLVER.address());
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (!java.util.List.of(now).equals(inRedis.loadAll()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(inRedis.loadAll()).containsExactly(now);
    SolverRecord stored = inRedis.loadAll().iterator().next();
    assertThat(stored.registration().orElseThrow().name()).isEqualTo("redis desk");
    assertThat(stored.registration().orElseThrow().bond())
        .isEqualTo(new java.math.BigInteger("5000").multiply(java.math.BigInteger.TEN.pow(18)));

    SolverRegistry rebuilt =
        new SolverRegistry(
            java.util.Map.of(SOLVER.address(), java.math.BigInteger.ONE),
            1200,
            20,
            java.time.Duration.ofMinutes(5),
            () -> issuedAt,
            inRedis);
    assertThat(rebuilt.registered()).containsExactly(SOLVER.address());
    assertThat(rebuilt.score(SOLVER.address())).isEqualTo(1);
    assertThat(rebuilt.reputation(SOLVER.address()).medianResponseMillis()).isEqualTo(17);
  }

  @Test
  void theMarginLedgerLivesInRedisToo() {
    PrivateKey key = SignedOrders.key(502);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"account\":\""
                + key.address().toChecksumHex()
                + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\"2.5\"}")
        .post("/v1/dev/collateral")
        .then()
        .statusCode(200);

    var restarted =
        new io.omnimargin.service.store.RedisLedgerStore(
            (command, args) -> redis.execute(command, args.toArray(String[]::new)), "om:");

    assertThat(restarted.loadAll())
        .filteredOn(a -> a.owner().equals(key.address()))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.balance(new io.omnimargin.margin.risk.CollateralKey(1, "ETH")))
                    .isEqualTo(new java.math.BigInteger("2500000000000000000")));
  }

  @Test
  void theSettlementJournalIsSharedInRedis() {
    String event = "137/0x00000000000000000000000000000000000000a1/77";
    assertThat(settlement.journal()).isInstanceOf(RedisSettlementJournal.class);
    assertThat(settlement.journal().record(event, "applied@5")).isTrue();

    var otherReplica = new RedisSettlementJournal(RedisCommands.over(redis), "om:settlement:");

    assertThat(otherReplica.outcome(event)).contains("applied@5");
    assertThat(otherReplica.record(event, "applied@6")).isFalse();
    assertThat(redis.execute("HGET", "om:settlement:outcomes", event).toString())
        .isEqualTo("applied@5");
    // what is absent reads as absent through the service's client too
    assertThat(otherReplica.outcome(event + "0")).isEmpty();
    assertThat(otherReplica.cursor("137/0xunscanned", 42)).isEqualTo(42);
    assertThat(
            new RedisPendingSeizures(RedisCommands.over(redis), "om:settlement:")
                .take("137/0xaa/seize/0x01"))
        .isEmpty();
  }
}
