package io.omnimargin.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.cluster.partition.LedgerPartitioner;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.testsupport.SignedOrders;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionWritersTest {
  private static final String USER = "0xb2667e66aA9eB51bA992394b4691CaFF9f7a651e";

  @Test
  void theTraderIsReadFromTheOrderOfASignedIntent() {
    PrivateKey trader = SignedOrders.key(7);

    assertThat(PartitionWriters.trader(Buffer.buffer(ClusterOrders.order(trader, 1))))
        .contains(trader.address());
  }

  @Test
  void onlyTheOrdersUserCountsWhereverItStands() {
    String body =
        "{\"signature\":\"0x00\",\"extra\":{\"user\":\"0x0000000000000000000000000000000000000001\","
            + "\"order\":{\"user\":\"0x0000000000000000000000000000000000000002\"}},"
            + "\"order\":{\"nonce\":\"1\",\"orderData\":[1,{\"user\":2}],\"user\":\""
            + USER
            + "\"}}";

    assertThat(PartitionWriters.trader(Buffer.buffer(body))).contains(Address.parse(USER));
  }

  @Test
  void aBodyWithoutAReadableTraderIsLeftToTheIntake() {
    for (String body :
        new String[] {
          "",
          "[]",
          "{\"order\":",
          "{\"order\":{\"nonce\":\"1\"}}",
          "{\"order\":{\"user\":12}}",
          "{\"order\":{\"user\":\"0x12\"}}",
          "{\"order\":\"" + USER + "\"}",
          "{\"user\":\"" + USER + "\"}"
        }) {
      assertThat(PartitionWriters.trader(Buffer.buffer(body))).as(body).isEmpty();
    }
    assertThat(PartitionWriters.trader(null)).isEmpty();
  }

  @Test
  void anAccountGoesToTheWriterOfItsPartitionAsLastRead() {
    PartitionWriters writers = new PartitionWriters(6);
    Address trader = SignedOrders.key(7).address();
    int home = new LedgerPartitioner(6).of(trader);

    assertThat(writers.of(trader)).as("none known yet: taken where it is sent").isEmpty();
    writers.update(Map.of(home, URI.create("http://10.0.0.2:8080")));
    assertThat(writers.of(trader)).contains(URI.create("http://10.0.0.2:8080"));
    writers.update(Map.of((home + 1) % 6, URI.create("http://10.0.0.3:8080")));
    assertThat(writers.of(trader)).as("its writer gone from the register").isEmpty();
  }
}
