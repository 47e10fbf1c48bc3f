package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.cluster.Broker;
import io.omnimargin.cluster.broadcast.KafkaClients;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A new owner of the workflows waits until every partition has applied its log as it stood: on a
 * real broker, commands produced while no writer runs keep their partitions behind; once a writer
 * applies them, none is.
 */
class LogCatchUpTest {
  private static final int PARTITIONS = 3;
  @RegisterExtension static final Broker broker = new Broker();
  private final Writers writers = new Writers(broker.bootstrapServers(), PARTITIONS);

  @AfterEach
  void stop() {
    writers.close();
  }

  @Test
  @Timeout(120)
  void partitionsAreBehindUntilAWriterHasAppliedWhatWasProducedBeforeTheQuestion()
      throws Exception {
    PartitionWriter first = writers.start("w1"); // creates the topic; applies what comes
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (first.partitions().size() < PARTITIONS && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(first.partitions()).hasSize(PARTITIONS);
    first.close();
    Address account = TwoStepTradeHistory.accounts(new Random(7), 1).get(0);
    int home = writers.partitioner.of(account);
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaClients.producer(writers.settings("test"), "test")) {
      for (int i = 0; i < 3; i++) { // as a replica that died would have left them
        producer
            .send(
                new ProducerRecord<>(
                    writers.topic,
                    home,
                    account.toArray(),
                    PartitionCommandJson.write(
                        new PartitionCommand.ProvenBalance(
                            account, new CollateralKey(1, "ETH"), Wad.ONE, "p" + i))))
            .get(10, TimeUnit.SECONDS);
      }
    }

    assertThat(
            LogCatchUp.await(
                writers.settings("owner"), writers.store, PARTITIONS, Duration.ofMillis(300)))
        .as("no writer has applied them")
        .containsExactly(home);

    writers.start("w2");
    assertThat(
            LogCatchUp.await(
                writers.settings("owner"), writers.store, PARTITIONS, Duration.ofSeconds(30)))
        .as("a survivor took the partition over and applied its log")
        .isEmpty();
    assertThat(writers.store.load(home).account(account).balance(new CollateralKey(1, "ETH")))
        .isEqualTo(Wad.ONE);
  }

  @Test
  void aPartitionIsBehindWhileItsStoredOffsetIsShortOfItsLastRecord() {
    Map<Integer, PartitionStore.Mark> marks =
        Map.of(
            0, new PartitionStore.Mark(4, java.util.Set.of()),
            1, new PartitionStore.Mark(3, java.util.Set.of()));
    assertThat(LogCatchUp.behind(Map.of(0, 5L, 1, 5L, 2, 0L, 3, 1L), marks))
        .as("1 has applied up to 3 of 0–4; 2 is empty; 3 has a record and nothing stored")
        .containsExactly(1, 3);
  }
}
