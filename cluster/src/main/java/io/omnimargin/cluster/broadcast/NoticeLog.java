package io.omnimargin.cluster.broadcast;

import io.omnimargin.protocol.concurrent.NamedThreads;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

/**
 * Notices that something changed, for the other replicas: a key (an order id) per record, read from
 * the moment a replica starts (a notice is about now; what changed before is in the shared store).
 * A replica does not hear its own notices. Delivery is best effort, as a live stream's is.
 */
public final class NoticeLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NoticeLog.class.getName());
  private static final String ORIGIN = "origin";

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicPartition partition;
  private final byte[] origin;
  private final Consumer<String> remote;
  private final Thread reader;
  private volatile boolean running = true;

  private NoticeLog(BroadcastSettings settings, Consumer<String> remote) {
    this.partition = new TopicPartition(settings.topic(), 0);
    this.origin = settings.replicaId().getBytes(StandardCharsets.UTF_8);
    this.remote = remote;
    this.producer = KafkaClients.producer(settings, "notices");
    this.consumer = KafkaClients.consumer(settings, "notices");
    this.reader = NamedThreads.daemon("notices-" + settings.topic()).newThread(this::read);
  }

  /** Creates the topic if missing (kept an hour), and reads it from its end. */
  public static NoticeLog start(BroadcastSettings settings, Consumer<String> remote) {
    Topics.ensure(
        settings,
        Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG,
            Long.toString(TimeUnit.HOURS.toMillis(1))));
    NoticeLog log = new NoticeLog(settings, remote);
    log.consumer.assign(List.of(log.partition));
    log.consumer.seekToEnd(List.of(log.partition));
    log.consumer.position(log.partition); // resolve "the end" now, before anything is published
    log.reader.start();
    return log;
  }

  /** Tells the other replicas that {@code key} changed. */
  public void publish(String key) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(partition.topic(), 0, null, key.getBytes(StandardCharsets.UTF_8));
    record.headers().add(ORIGIN, origin);
    producer.send(
        record,
        (metadata, failure) -> {
          if (failure != null) {
            LOG.log(Level.WARNING, "notice " + key + " not published: " + failure.getMessage());
          }
        });
  }

  private void read() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Header from = record.headers().lastHeader(ORIGIN);
          if (from != null && Arrays.equals(from.value(), origin)) {
            continue; // this replica's own notice: its streams heard the change already
          }
          deliver(new String(record.value(), StandardCharsets.UTF_8));
        }
      }
    } catch (WakeupException stopping) {
      // close() woke the consumer
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "notice log " + partition + " stopped", e);
    } finally {
      consumer.close();
    }
  }

  private void deliver(String key) {
    try {
      remote.accept(key);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "notice " + key + " not delivered: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      reader.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
