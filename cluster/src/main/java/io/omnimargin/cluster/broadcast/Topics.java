package io.omnimargin.cluster.broadcast;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the cluster's topics when they are missing (every replica may try; one wins). */
public final class Topics {
  private Topics() {}

  /** One partition, compacted: the latest record per key is kept for replicas that start later. */
  public static void ensureCompacted(BroadcastSettings settings) {
    ensure(settings, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  /** One partition with {@code configs} (and at least two in-sync copies where there are two). */
  public static void ensure(BroadcastSettings settings, Map<String, String> configs) {
    ensure(settings, 1, configs);
  }

  /** {@code partitions} partitions with {@code configs}; an existing topic is left as it is. */
  public static void ensure(
      BroadcastSettings settings, int partitions, Map<String, String> configs) {
    Map<String, String> all = new java.util.HashMap<>(configs);
    all.put(
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
        Integer.toString(Math.min(2, settings.replicationFactor())));
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      NewTopic topic =
          new NewTopic(settings.topic(), partitions, settings.replicationFactor()).configs(all);
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic " + settings.topic() + ": " + e.getCause().getMessage(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "no Kafka broker answered at " + settings.bootstrapServers() + " within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * How many partitions the topic has. A topic created a moment ago may not be in the metadata of
   * the broker asked yet (a CI run saw {@code UnknownTopicOrPartition} just after its creation):
   * asked again for up to 10 s.
   */
  public static int partitions(BroadcastSettings settings) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Admin admin = Admin.create(p)) {
      while (true) {
        try {
          return admin
              .describeTopics(List.of(settings.topic()))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(settings.topic())
              .partitions()
              .size();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
              || System.nanoTime() > deadline) {
            throw e;
          }
          TimeUnit.MILLISECONDS.sleep(100);
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe topic " + settings.topic() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
