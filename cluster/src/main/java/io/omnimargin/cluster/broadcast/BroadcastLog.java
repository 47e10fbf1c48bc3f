package io.omnimargin.cluster.broadcast;

import io.omnimargin.protocol.concurrent.NamedThreads;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

/**
 * A log every replica reads whole: one compacted, single-partition topic. A record published by any
 * replica is delivered, in the topic's one order, to every replica's {@link Sink} — its own
 * included, so a replica applies its own inputs exactly as the others do. The topic keeps the
 * latest record per key, so a replica that starts later is brought up to date by reading it from
 * the beginning ({@link #caughtUp()} says when it has).
 *
 * <p>{@link #publish} answers once this replica's sink has applied the record: a caller that pushed
 * a price reads it back on the same replica at once, and the others apply it as fast as their
 * consumers fetch (the broker answers a waiting fetch as soon as a record arrives).
 */
public final class BroadcastLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BroadcastLog.class.getName());
  private static final String ORIGIN = "origin";
  private static final String SEQUENCE = "seq";

  /** Applies one record on this replica; answers a count for the publisher (re-valuations). */
  @FunctionalInterface
  public interface Sink {
    int apply(String key, byte[] value);
  }

  private final Sink sink;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicPartition partition;
  private final byte[] origin;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<Long, CompletableFuture<Integer>> waiting = new ConcurrentHashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread tailer;
  private volatile boolean running = true;

  private BroadcastLog(BroadcastSettings settings, Sink sink) {
    this.sink = sink;
    this.partition = new TopicPartition(settings.topic(), 0);
    this.origin = settings.replicaId().getBytes(StandardCharsets.UTF_8);
    this.producer = KafkaClients.producer(settings, "broadcast");
    this.consumer = KafkaClients.consumer(settings, "broadcast");
    this.tailer = NamedThreads.daemon("broadcast-" + settings.topic()).newThread(this::tail);
  }

  /** Makes sure the topic exists, then starts reading it from the beginning. */
  public static BroadcastLog start(BroadcastSettings settings, Sink sink) {
    Topics.ensureCompacted(settings);
    BroadcastLog log = new BroadcastLog(settings, sink);
    log.consumer.assign(List.of(log.partition));
    log.consumer.seekToBeginning(List.of(log.partition));
    log.tailer.start();
    return log;
  }

  /**
   * Publishes a record; the answer completes with the sink's count once this replica applied it, or
   * exceptionally if the sink refused it or the broker did not take it.
   */
  public CompletableFuture<Integer> publish(String key, byte[] value) {
    long seq = sequence.incrementAndGet();
    CompletableFuture<Integer> applied = new CompletableFuture<>();
    waiting.put(seq, applied);
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(partition.topic(), 0, key.getBytes(StandardCharsets.UTF_8), value);
    record.headers().add(ORIGIN, origin).add(SEQUENCE, ByteBuffer.allocate(8).putLong(seq).array());
    producer.send(
        record,
        (metadata, failure) -> {
          if (failure != null) {
            waiting.remove(seq);
            applied.completeExceptionally(failure);
          }
        });
    return applied;
  }

  /** True once every record present when this replica started has been applied. */
  public boolean caughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** Waits until {@link #caughtUp()}; false when the time ran out first. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tail() {
    try {
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      markIfCaughtUp(end);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          deliver(record);
        }
        markIfCaughtUp(end);
      }
    } catch (WakeupException stopping) {
      // close() woke the consumer
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "broadcast log " + partition + " stopped", e);
    } finally {
      consumer.close();
    }
  }

  private void markIfCaughtUp(long end) {
    if (caughtUp.getCount() > 0 && consumer.position(partition) >= end) {
      caughtUp.countDown();
    }
  }

  private void deliver(ConsumerRecord<byte[], byte[]> record) {
    CompletableFuture<Integer> mine = ownWaiter(record);
    String key = new String(record.key(), StandardCharsets.UTF_8);
    try {
      int count = sink.apply(key, record.value());
      if (mine != null) {
        mine.complete(count);
      }
    } catch (RuntimeException refused) {
      LOG.log(Level.WARNING, "broadcast record " + key + " refused: " + refused.getMessage());
      if (mine != null) {
        mine.completeExceptionally(refused);
      }
    }
  }

  private CompletableFuture<Integer> ownWaiter(ConsumerRecord<byte[], byte[]> record) {
    Header from = record.headers().lastHeader(ORIGIN);
    Header seq = record.headers().lastHeader(SEQUENCE);
    if (from == null || seq == null || !java.util.Arrays.equals(from.value(), origin)) {
      return null;
    }
    return waiting.remove(ByteBuffer.wrap(seq.value()).getLong());
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      tailer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    waiting.values().forEach(w -> w.completeExceptionally(new IllegalStateException("closed")));
  }
}
