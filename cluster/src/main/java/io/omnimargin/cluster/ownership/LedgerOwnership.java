package io.omnimargin.cluster.ownership;

import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.broadcast.KafkaClients;
import io.omnimargin.cluster.broadcast.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Which replica owns the ledger: the one the consumer group {@code <topic>-owners} assigns the
 * ledger topic's partition to. The broker's group coordinator decides, so two replicas never both
 * hold the partition in one generation; a replica that dies stops heartbeating and the partition
 * moves to a survivor once its session times out. A replica that is still running but loses the
 * partition (a pause longer than the session, a lost broker) is told so, and must stop writing: the
 * store's fencing refuses its writes in any case.
 *
 * <p>The callbacks run on the ownership thread, inside the consumer's poll: a take-over finishes
 * before this replica polls again. The group's cooperative sticky assignor keeps the partition
 * where it is when replicas join.
 *
 * <p>Members are static ({@code group.instance.id} is the member name the caller gives: one per
 * process, never reused), so that a replica that sees the owner's process gone can {@linkplain
 * #evict evict} exactly that process: the partition then moves at once instead of after the session
 * timeout, which stays the answer for an owner that hangs or is cut off.
 */
public final class LedgerOwnership implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LedgerOwnership.class.getName());

  /** What a replica does when it gains or loses the ledger. */
  public interface Listener {
    void acquired();

    /** The partition was taken away ({@code why}: revoked or lost) while this replica ran. */
    void lost(String why);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Listener listener;
  private final String topic;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean owner;

  private LedgerOwnership(KafkaConsumer<byte[], byte[]> consumer, String topic, Listener listener) {
    this.consumer = consumer;
    this.topic = topic;
    this.listener = listener;
  }

  /**
   * Joins the owners' group for {@code settings.topic()} (created with one partition if missing).
   *
   * @param sessionTimeout how long the coordinator waits for a silent owner before moving the
   *     partition (the broker's {@code group.min.session.timeout.ms} must allow it)
   */
  public static LedgerOwnership start(
      BroadcastSettings settings, String member, Duration sessionTimeout, Listener listener) {
    Topics.ensure(
        settings, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.consumer(settings, "owners", groupSettings(settings, member, sessionTimeout));
    LedgerOwnership ownership = new LedgerOwnership(consumer, settings.topic(), listener);
    Thread thread = new Thread(ownership::run, "ledger-ownership");
    thread.setDaemon(true);
    thread.start();
    return ownership;
  }

  private static Map<String, Object> groupSettings(
      BroadcastSettings settings, String member, Duration sessionTimeout) {
    long session = sessionTimeout.toMillis();
    return Map.of(
        ConsumerConfig.GROUP_ID_CONFIG,
        groupId(settings.topic()),
        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
        member,
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName(),
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        (int) session,
        // frequent heartbeats: survivors learn of an evicted owner's rebalance within half a second
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) Math.max(100, Math.min(500, session / 3)),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "latest");
  }

  private static String groupId(String topic) {
    return topic + "-owners";
  }

  /**
   * Removes the member named {@code member} from the owners' group, as if its session had timed
   * out: the group rebalances now and a survivor gets the partition. For an owner whose process is
   * known to be gone; a live one evicted by mistake is told it lost the ledger and must stop, so
   * this is never a way to move the ledger between healthy replicas. Answers false if no such
   * member was in the group (another survivor evicted it first).
   */
  public static boolean evict(BroadcastSettings settings, String member) {
    return evict(settings, groupId(settings.topic()), member);
  }

  /**
   * Removes {@code member} from consumer group {@code group} on the brokers of {@code settings}, as
   * {@link #evict(BroadcastSettings, String)} does from the owners' group: for a process known to
   * be gone (its partitions of the ledger, say). Answers false if no such member was in the group.
   */
  public static boolean evict(BroadcastSettings settings, String group, String member) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.replicaId() + "-evict");
    Admin admin = Admin.create(p);
    try {
      admin
          .removeMembersFromConsumerGroup(
              group, new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(member))))
          .all()
          .get(10, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownMemberIdException) {
        return false;
      }
      throw new IllegalStateException(
          "cannot evict " + member + " from " + group + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the broker did not evict " + member + " within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      admin.close(Duration.ofSeconds(1)); // not the default minute when the broker is gone
    }
  }

  /** Whether this replica holds the ledger now. */
  public boolean owner() {
    return owner;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic), new Rebalance());
      while (!closing.get()) {
        consumer.poll(Duration.ofMillis(200));
      }
    } catch (WakeupException e) {
      // close() woke the poll
    } catch (FencedInstanceIdException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "another process joined the owners' group under this process's member name;"
              + " this replica can no longer own the ledger");
      if (owner) {
        owner = false;
        listener.lost("another process has this member name");
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "ledger ownership stopped", e);
      if (owner) {
        owner = false;
        listener.lost("the ownership consumer failed: " + e);
      }
    } finally {
      try {
        // a static member stays in the group on close unless told: leave, so a survivor owns now
        consumer.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "closing the ownership consumer: " + e);
      }
      stopped.countDown();
    }
  }

  /** Leaves the group at once, so that a survivor owns the ledger without waiting a session. */
  @Override
  public void close() {
    closing.set(true);
    consumer.wakeup();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty() && !owner) {
        owner = true;
        LOG.log(System.Logger.Level.INFO, "this replica now owns the ledger (" + partitions + ")");
        listener.acquired();
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      give(partitions, "revoked");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      give(partitions, "lost");
    }

    private void give(Collection<TopicPartition> partitions, String why) {
      if (partitions.isEmpty() || !owner) {
        return;
      }
      owner = false;
      if (!closing.get()) {
        listener.lost(why);
      }
    }
  }
}
