package io.omnimargin.cluster.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.broadcast.KafkaClients;
import io.omnimargin.cluster.broadcast.Topics;
import io.omnimargin.protocol.concurrent.NamedThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The answers to this replica's ledger commands: a command produced with a request id and this
 * replica's reply partition ({@code <topic>-replies}, one of {@link #PARTITIONS}) is answered there
 * by the partition's owner once it has committed the command (persist, then reply), whichever
 * replica that is; an owner answering a request of its own completes it in place ({@link
 * #answerHere}). A replica reads only its own reply partition, from its end at start.
 */
public final class LedgerReplies implements AutoCloseable {
  public static final int PARTITIONS = 12;
  static final String REPLY_TO = "omnimargin-reply-to";
  static final String REQUEST = "omnimargin-request";

  /** Longer than any requester waits. */
  static final Duration FORGET_AFTER = Duration.ofMinutes(1);

  private static final System.Logger LOG = System.getLogger(LedgerReplies.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String topic;
  private final int partition;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Thread thread;
  private final ExecutorService answers;

  private LedgerReplies(BroadcastSettings settings, String member) {
    this.topic = topicOf(settings.topic());
    this.partition = Math.floorMod(member.hashCode(), PARTITIONS);
    BroadcastSettings replies =
        new BroadcastSettings(
            settings.bootstrapServers(),
            settings.replicaId(),
            topic,
            settings.replicationFactor(),
            settings.timeout());
    Topics.ensure(
        replies,
        PARTITIONS,
        Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis())));
    this.consumer = KafkaClients.consumer(replies, "ledger-replies");
    TopicPartition mine = new TopicPartition(topic, partition);
    consumer.assign(List.of(mine));
    consumer.seekToEnd(List.of(mine));
    consumer.position(mine); // from now: an answer to a request sent after this is read
    this.thread = new Thread(this::run, "ledger-replies-" + member);
    thread.setDaemon(true);
    this.answers =
        Executors.newSingleThreadExecutor(NamedThreads.daemon("ledger-answers-" + member));
  }

  static LedgerReplies start(BroadcastSettings settings, String member) {
    LedgerReplies replies = new LedgerReplies(settings, member);
    replies.thread.start();
    return replies;
  }

  static String topicOf(String ledgerTopic) {
    return ledgerTopic + "-replies";
  }

  int partition() {
    return partition;
  }

  /**
   * The answer to {@code request}, when it comes; after {@link #FORGET_AFTER} it fails with a
   * timeout and is forgotten (an answer lost with its owner would otherwise be waited for always).
   */
  CompletableFuture<String> expect(String request) {
    CompletableFuture<String> answer = new CompletableFuture<>();
    waiting.put(request, answer);
    answer.orTimeout(FORGET_AFTER.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    answer.whenComplete((outcome, failure) -> waiting.remove(request));
    return answer;
  }

  /**
   * Completes {@code request} here if this replica sent it and still waits for it: an owner that
   * answers its own request spares the reply's trip through the broker.
   *
   * @return whether it was this replica's
   */
  boolean answerHere(String request, String outcome) {
    CompletableFuture<String> answer = waiting.get(request);
    if (answer == null) {
      return false;
    }
    // on a thread of its own, as an answer read from the broker is: what the requester does next
    // must not run on, or wait for, the writer that answered
    answers.execute(() -> answer.complete(outcome));
    return true;
  }

  /**
   * Completes a local command's outcome on the answers' thread, as {@link #answerHere} does: the
   * asker's next step must not run on the writer.
   */
  void completeHere(CompletableFuture<String> outcome, String answer) {
    answers.execute(() -> outcome.complete(answer));
  }

  /** The owner's answer to a request, for the requester's reply partition. */
  static ProducerRecord<byte[], byte[]> answer(
      String ledgerTopic, int replyTo, String request, String outcome) {
    byte[] value =
        JSON.createObjectNode()
            .put("request", request)
            .put("outcome", outcome)
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topicOf(ledgerTopic), replyTo, null, value);
  }

  private void run() {
    try {
      while (!closing.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          read(r.value());
        }
      }
    } catch (WakeupException e) {
      // closed
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "the ledger replies stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
      waiting.values().forEach(w -> w.completeExceptionally(new IllegalStateException("closed")));
    }
  }

  private void read(byte[] value) {
    try {
      JsonNode n = JSON.readTree(value);
      CompletableFuture<String> answer = waiting.get(n.path("request").asText());
      if (answer != null) {
        answer.complete(n.path("outcome").asText());
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "unreadable ledger reply: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    closing.set(true);
    answers.shutdown();
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
