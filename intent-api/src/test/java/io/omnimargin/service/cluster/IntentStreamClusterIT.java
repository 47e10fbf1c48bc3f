package io.omnimargin.service.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.support.ServiceProcess;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.KafkaBroker;
import io.omnimargin.testsupport.RedisServer;
import io.omnimargin.testsupport.SignedOrders;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15, "intent SSE streams see every change wherever it happened", through real processes: an
 * intent accepted on replica 1 is followed on replica 2's status stream, and its cancel through
 * replica 1 reaches that stream.
 */
class IntentStreamClusterIT {
  private static final PrivateKey TRADER = SignedOrders.key(1501);

  @TempDir Path work;

  @Test
  @Timeout(300)
  void aCancelOnOneReplicaReachesTheStreamOnAnother() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start();
        RedisServer redis = RedisServer.start();
        ServiceProcess one = replica(broker, redis, "r1");
        ServiceProcess two = replica(broker, redis, "r2")) {
      one.awaitReady();
      two.awaitReady();
      GaslessCrossChainOrder order =
          Wallet.ORDERS.order(
              TRADER,
              1,
              System.currentTimeMillis() / 1000 + 3600,
              SignedOrders.buy("ETH-PERP", 1, 3000));
      String id =
          given()
              .baseUri(one.baseUri())
              .contentType(ContentType.JSON)
              .body(Wallet.signed(TRADER, order))
              .post("/v1/intents")
              .then()
              .statusCode(202)
              .extract()
              .path("orderId");

      List<String> lines = new CopyOnWriteArrayList<>();
      HttpClient client = HttpClient.newHttpClient();
      var stream =
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(two.baseUri() + "/v1/intents/" + id + "/events"))
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      HttpResponse<Stream<String>> response = stream.get();
      assertThat(response.statusCode()).isEqualTo(200);
      Thread reader = new Thread(() -> response.body().forEach(lines::add));
      reader.setDaemon(true);
      reader.start();
      await(lines, "OPEN");

      given()
          .baseUri(one.baseUri())
          .contentType(ContentType.JSON)
          .body(Wallet.cancelBody(TRADER, OrderId.parse(id)))
          .post("/v1/intents/" + id + "/cancel")
          .then()
          .statusCode(200);
      await(lines, "CANCELLED");
    }
  }

  private static void await(List<String> lines, String status) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline
        && lines.stream().noneMatch(l -> l.startsWith("data:") && l.contains(status))) {
      Thread.sleep(20);
    }
    assertThat(lines).as("the stream on replica 2").anyMatch(l -> l.contains(status));
  }

  private ServiceProcess replica(KafkaBroker broker, RedisServer redis, String name)
      throws Exception {
    return Replicas.start(work, broker, redis, name, "-Domnimargin.margin.gate-intake=false");
  }
}
