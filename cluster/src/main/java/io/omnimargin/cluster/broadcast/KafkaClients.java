package io.omnimargin.cluster.broadcast;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The byte-array clients the cluster's logs use, named after the replica and the log. */
public final class KafkaClients {
  private KafkaClients() {}

  /** Idempotent, every copy acknowledged, sent at once: what is published is worth more now. */
  public static KafkaProducer<byte[], byte[]> producer(BroadcastSettings settings, String log) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.replicaId() + "-" + log);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(p);
  }

  /** No group and no commits: every replica reads the whole partition itself. */
  public static KafkaConsumer<byte[], byte[]> consumer(BroadcastSettings settings, String log) {
    return consumer(settings, log, java.util.Map.of());
  }

  /** A consumer with {@code extra} settings on top (a group, its timeouts). */
  public static KafkaConsumer<byte[], byte[]> consumer(
      BroadcastSettings settings, String log, java.util.Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.replicaId() + "-" + log);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.putAll(extra);
    return new KafkaConsumer<>(p);
  }
}
