package io.omnimargin.service.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.service.support.ServiceProcess;
import io.omnimargin.testsupport.KafkaBroker;
import io.omnimargin.testsupport.RedisServer;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15, broadcast inputs, through real processes: replicas of the packaged service (started by
 * {@code bin/omnimargin}) on one real Kafka broker and one real redis-server. A price pushed to any
 * replica is live on the others; a replica started later is ready only once it has caught up with
 * the prices pushed before it started.
 */
class BroadcastClusterIT {
  private static final int WARM_UP = 10;
  private static final int PUSHES = 20;

  @TempDir Path work;

  @Test
  @Timeout(300)
  void aPricePushedToAnyReplicaIsLiveOnAll() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start();
        RedisServer redis = RedisServer.start();
        ServiceProcess one = replica(broker, redis, "r1");
        ServiceProcess two = replica(broker, redis, "r2")) {
      one.awaitReady();
      two.awaitReady();
      long now = System.currentTimeMillis() / 1000;
      List<Long> lags = new ArrayList<>();
      // the first pushes run through code the JIT has not compiled yet: warm up, then measure
      for (int i = 1; i <= WARM_UP + PUSHES; i++) {
        ServiceProcess from = i % 2 == 1 ? one : two;
        ServiceProcess to = i % 2 == 1 ? two : one;
        String price = (3000 + i) + ".5";
        push(from, price, now);
        assertThat(indexPrice(from)).as("read back where it was pushed").isEqualTo(price);
        long pushed = System.nanoTime();
        // poll every 2 ms: a busy loop of reads would take the cores the replicas need
        while (!price.equals(indexPrice(to)) && System.nanoTime() - pushed < 2_000_000_000L) {
          Thread.sleep(2);
        }
        assertThat(indexPrice(to)).as("push %d on the other replica", i).isEqualTo(price);
        if (i > WARM_UP) {
          lags.add((System.nanoTime() - pushed) / 1_000_000);
        }
      }
      lags.sort(null);
      System.out.printf(
          "broadcast lag over %d pushes, ms (sorted, HTTP reads included): %s%n", PUSHES, lags);
      assertThat(lags.get(lags.size() / 2)).as("median lag, ms").isLessThanOrEqualTo(100);

      try (ServiceProcess late = replica(broker, redis, "r3")) {
        late.awaitReady();
        assertThat(indexPrice(late)).isEqualTo((3000 + WARM_UP + PUSHES) + ".5");
        String ready =
            given().get("http://127.0.0.1:" + late.managementPort + "/q/health/ready").asString();
        assertThat(ready).contains("\"cluster\"").contains("broadcastCaughtUp");
      }
    }
  }

  private ServiceProcess replica(KafkaBroker broker, RedisServer redis, String name)
      throws Exception {
    return Replicas.start(work, broker, redis, name);
  }

  private static void push(ServiceProcess service, String price, long publishTime) {
    given()
        .baseUri(service.baseUri())
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\""
                + price
                + "\",\"publishTime\":"
                + publishTime
                + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
  }

  private static String indexPrice(ServiceProcess service) {
    return given().baseUri(service.baseUri()).get("/v1/markets/ETH-PERP").path("indexPrice");
  }
}
