package io.omnimargin.cluster.partition;

import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.broadcast.KafkaClients;
import io.omnimargin.cluster.broadcast.Topics;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.engine.MarginEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

/**
 * One replica's writer of the ledger partitions the consumer group {@code <topic>-writers} assigns
 * it. On assignment it moves the partition's epoch on, loads the partition from the store and reads
 * the log after the stored offset. The commands of one poll are applied and their changes committed
 * together, one script per partition, before anything of them is relayed (persist, then go on), so
 * a successor resumes exactly where the store says. Legs for other partitions are relayed from the
 * committed outbox by an idempotent producer (again, in full, by a new owner), and dropped from it
 * once their partition has applied them. A commit the store refuses (another replica took the
 * partition over) drops the partition here. Kafka's own committed offsets are not used: the store's
 * offset is the one truth.
 */
public final class PartitionWriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PartitionWriter.class.getName());
  private static final long ACKNOWLEDGE_EVERY_NANOS = 200_000_000L;
  private static final int ATTEMPTS = 3;
  private static final long AUDIT_EVERY_NANOS = 5_000_000_000L;
  // how long a poll with nothing to read waits: what a command asked here may wait at most
  private static final Duration POLL = Duration.ofMillis(5);
  private static final Duration FETCH_WAIT = Duration.ofMillis(1);

  /**
   * How long a local command waits for its writer to read the partition's log: past it, it goes
   * through the log, where it is ordered behind what it waited for. A writer that cannot keep up
   * must not hold a command nobody waits for (a release) without limit.
   */
  private static final long LOCAL_WAIT_NANOS = Duration.ofSeconds(1).toNanos();

  private final String topic;
  private final LedgerPartitioner partitioner;
  private final SystemShards shards;
  private final PartitionStore store;
  private final PartitionEngines engines;
  private final boolean localCommands;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final LedgerReplies replies;
  private final Map<Integer, Owned> owned = new ConcurrentHashMap<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean halt;
  private volatile boolean halted;
  private volatile boolean joined;
  private long lastAcknowledge = System.nanoTime() - ACKNOWLEDGE_EVERY_NANOS;
  private volatile long auditEveryNanos = AUDIT_EVERY_NANOS;
  private long lastAudit = System.nanoTime();
  private volatile boolean reload;
  private final Set<Integer> givenUp = ConcurrentHashMap.newKeySet();
  // what the group assigns this replica now, loaded or not (owned holds the loaded ones)
  private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
  // commands asked on this replica for partitions it writes, for the writer's next step
  private final Queue<Local> locals = new ConcurrentLinkedQueue<>();
  // those the current step applied, until they are answered or sent through the log (writer only)
  private final List<Done> applied = new ArrayList<>();
  // local commands taken from the queue and not yet applied, in order (writer only)
  private final ArrayDeque<Local> deferred = new ArrayDeque<>();
  private final AtomicInteger unkept = new AtomicInteger(); // local commands not yet kept

  /** A partition this replica writes: its epoch, its ledger, the outbox entries relayed so far. */
  private record Owned(
      long epoch,
      PartitionLedger ledger,
      Set<String> relayed,
      long catchUpTo,
      AtomicBoolean caughtUp) {}

  /**
   * A command asked on this replica for a partition it writes, as it held the partition then
   * ({@code at}); {@code answered} when the asker waits for its outcome rather than for it to be
   * kept; asked at {@code askedNanos} ({@link System#nanoTime}).
   */
  private record Local(
      int partition,
      Owned at,
      PartitionCommand command,
      boolean answered,
      CompletableFuture<String> outcome,
      long askedNanos) {}

  /**
   * A local command applied, with its outcome to give once its commit is written; none when its
   * partition was given up, so that it goes through the log.
   */
  private record Done(Local local, String outcome) {}

  private PartitionWriter(
      BroadcastSettings settings,
      LedgerPartitioner partitioner,
      SystemShards shards,
      PartitionStore store,
      PartitionEngines engines,
      boolean localCommands,
      KafkaConsumer<byte[], byte[]> consumer,
      LedgerReplies replies) {
    this.topic = settings.topic();
    this.partitioner = partitioner;
    this.shards = shards;
    this.store = store;
    this.engines = engines;
    this.localCommands = localCommands;
    this.consumer = consumer;
    this.replies = replies;
    this.producer = KafkaClients.producer(settings, "ledger-legs");
  }

  /** The consumer group of the writers of ledger topic {@code topic}'s partitions. */
  public static String group(String topic) {
    return topic + "-writers";
  }

  /**
   * Creates the ledger topic with {@code partitioner.partitions()} partitions if missing and joins
   * the writers' group as the static member {@code member}.
   *
   * @throws IllegalStateException if the topic exists with another number of partitions
   */
  public static PartitionWriter start(
      BroadcastSettings settings,
      LedgerPartitioner partitioner,
      SystemShards shards,
      PartitionStore store,
      String member,
      Duration sessionTimeout) {
    return start(
        settings,
        new Ledger(
            partitioner,
            shards,
            store,
            PartitionEngines.unpriced(() -> System.currentTimeMillis() / 1000)),
        member,
        sessionTimeout);
  }

  /**
   * What a writer writes: the partitioning, the system shards, the store and the engines; and
   * whether a command asked on the replica that writes its partition is applied there without the
   * log ({@code localCommands}). Such a command is then kept only by the store's commit, as every
   * command of a single writer is; through the log it also survives a store that loses an
   * acknowledged commit (a Redis failover to a replica that had not received it).
   */
  public record Ledger(
      LedgerPartitioner partitioner,
      SystemShards shards,
      PartitionStore store,
      PartitionEngines engines,
      boolean localCommands) {

    /** With local commands. */
    public Ledger(
        LedgerPartitioner partitioner,
        SystemShards shards,
        PartitionStore store,
        PartitionEngines engines) {
      this(partitioner, shards, store, engines, true);
    }
  }

  /**
   * As {@link #start(BroadcastSettings, LedgerPartitioner, SystemShards, PartitionStore, String,
   * Duration)}, each partition's commands applied through an engine {@code ledger.engines()} opens.
   */
  public static PartitionWriter start(
      BroadcastSettings settings, Ledger ledger, String member, Duration sessionTimeout) {
    LedgerPartitioner partitioner = ledger.partitioner();
    Topics.ensure(
        settings,
        partitioner.partitions(),
        // kept for ever: a partition's store may be far behind, and a command lost is a trade lost
        Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG,
            "-1",
            TopicConfig.RETENTION_BYTES_CONFIG,
            "-1"));
    int found = Topics.partitions(settings);
    if (found != partitioner.partitions()) {
      // an account's partition is its key's hash modulo the count: another count moves accounts
      throw new IllegalStateException(
          "the ledger topic "
              + settings.topic()
              + " has "
              + found
              + " partitions, this replica is set for "
              + partitioner.partitions());
    }
    Map<String, Object> group =
        Map.of(
            ConsumerConfig.GROUP_ID_CONFIG,
            group(settings.topic()),
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            member,
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            CooperativeStickyAssignor.class.getName(),
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            (int) sessionTimeout.toMillis(),
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
            (int) Math.max(100, Math.min(500, sessionTimeout.toMillis() / 3)),
            // a stored offset the log does not hold is an error, never a jump to either end
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "none");
    PartitionWriter writer =
        new PartitionWriter(
            settings,
            partitioner,
            ledger.shards(),
            ledger.store(),
            ledger.engines(),
            ledger.localCommands(),
            KafkaClients.consumer(settings, "ledger-" + member, group),
            LedgerReplies.start(settings, member));
    Thread thread = new Thread(writer::run, "ledger-writer-" + member);
    thread.setDaemon(true);
    thread.start();
    return writer;
  }

  /**
   * Produces a trade to its taker's partition, as {@link #submit(PartitionCommand)} does: {@code
   * booked}, or {@code refused: <why>}; the same trade id sent again is booked once.
   */
  public CompletableFuture<String> submit(String tradeId, Trade trade) {
    return submit(new PartitionCommand.BookTrade(tradeId, trade));
  }

  /**
   * Produces a command to its account's partition, from any replica, and answers once the
   * partition's owner has committed it, with the command's outcome ({@code booked}, {@code
   * accepted}, {@code refused: <why>}, ...). An answer lost with an owner that died after its
   * commit never comes: the requester sends the command again (each kind is idempotent).
   */
  public CompletableFuture<String> submit(PartitionCommand command) {
    int partition = command.partition(partitioner);
    Owned at = writingNow(partition);
    return at != null ? here(partition, at, command, true) : submitThroughLog(command);
  }

  private CompletableFuture<String> submitThroughLog(PartitionCommand command) {
    String request = UUID.randomUUID().toString();
    CompletableFuture<String> answer = replies.expect(request);
    ProducerRecord<byte[], byte[]> record = record(command);
    record.headers().add(LedgerReplies.REQUEST, request.getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .add(
            LedgerReplies.REPLY_TO,
            Integer.toString(replies.partition()).getBytes(StandardCharsets.UTF_8));
    producer.send(
        record,
        (metadata, failure) -> {
          if (failure != null) {
            answer.completeExceptionally(failure);
          }
        });
    return answer;
  }

  /**
   * Produces a command whose outcome nobody waits for (a release), from any replica: done once the
   * broker holds it, every copy acknowledged. The log keeps it, so its partition's writer applies
   * it, now or after a take-over, in log order: after every command this replica sent to that
   * partition before it. No answer is sent for it, which spares a reply and its reading.
   */
  public CompletableFuture<Void> publish(PartitionCommand command) {
    int partition = command.partition(partitioner);
    // a release on behalf of a request follows that request's reserve, which may still be in the
    // log (or this replica's producer) unread: through the log it cannot overtake it
    boolean namesARequest = command instanceof PartitionCommand.Release r && r.request() != null;
    Owned at = namesARequest ? null : writingNow(partition);
    return at != null
        ? here(partition, at, command, false).thenApply(kept -> null)
        : publishThroughLog(command);
  }

  private CompletableFuture<Void> publishThroughLog(PartitionCommand command) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    producer.send(
        record(command),
        (metadata, failure) -> {
          if (failure == null) {
            sent.complete(null);
          } else {
            sent.completeExceptionally(failure);
          }
        });
    return sent;
  }

  /**
   * The partition as this replica writes it, if a command for it may be applied here without the
   * log: it is loaded and was read as far as its log reached at assignment, and the writer is
   * neither stopping nor halted. The writer still applies the command only once it has read every
   * command in the log before it ({@link #applyLocals}).
   */
  private Owned writingNow(int partition) {
    Owned o = owned.get(partition);
    return localCommands && o != null && o.caughtUp().get() && !halt && !closing.get() && !stopped()
        ? o
        : null;
  }

  /**
   * Hands a command to this replica's writer, which applies it at a next step with that step's
   * commit and answers once it is written: no trip through the broker and back.
   */
  private CompletableFuture<String> here(
      int partition, Owned at, PartitionCommand command, boolean answered) {
    CompletableFuture<String> outcome = new CompletableFuture<>();
    unkept.incrementAndGet();
    outcome.whenComplete((kept, failure) -> unkept.decrementAndGet());
    Local local = new Local(partition, at, command, answered, outcome, System.nanoTime());
    locals.add(local);
    if ((closing.get() || stopped()) && locals.remove(local)) {
      throughLog(local); // the writer stopped, or is stopping, without it
    }
    return outcome;
  }

  /** As {@link #throughLog}, unless its asker gave up (and may have released it already). */
  private void throughLogUnlessGivenUp(Local local) {
    if (!local.outcome().isDone()) {
      throughLog(local);
    }
  }

  /** Sends a local command through the log after all: its partition is no longer written here. */
  private void throughLog(Local local) {
    CompletableFuture<String> sent =
        local.answered()
            ? submitThroughLog(local.command())
            : publishThroughLog(local.command()).thenApply(kept -> null);
    sent.whenComplete(
        (outcome, failure) -> {
          if (failure == null) {
            local.outcome().complete(outcome);
          } else {
            local.outcome().completeExceptionally(failure);
          }
        });
  }

  /**
   * Until everything this replica has produced so far is acknowledged by the broker, or failed, and
   * every command handed to its own writer is committed (or the writer has stopped).
   */
  public void flush() {
    producer.flush();
    while (unkept.get() > 0 && !stopped()) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private ProducerRecord<byte[], byte[]> record(PartitionCommand command) {
    return new ProducerRecord<>(
        topic,
        command.partition(partitioner),
        command instanceof PartitionCommand.AccountCommand about ? about.account().toArray() : null,
        PartitionCommandJson.write(command));
  }

  /**
   * As {@link #submit(PartitionCommand)}, sent again under the same ids when the answer does not
   * come within {@code timeout} (an owner that died after its commit took the answer with it; every
   * command is applied once), up to {@value #ATTEMPTS} times in all.
   */
  public CompletableFuture<String> request(PartitionCommand command, Duration timeout) {
    return request(command, timeout, 1);
  }

  private CompletableFuture<String> request(
      PartitionCommand command, Duration timeout, int attempt) {
    return submit(command)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (answer, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(answer);
              }
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              if (cause instanceof TimeoutException && attempt < ATTEMPTS) {
                return request(command, timeout, attempt + 1);
              }
              return CompletableFuture.<String>failedFuture(cause);
            })
        .thenCompose(answer -> answer);
  }

  /** The engine over a partition this replica writes now, for reads; empty for another's. */
  public Optional<MarginEngine> engine(int partition) {
    Owned o = owned.get(partition);
    return o == null ? Optional.empty() : Optional.of(o.ledger().engine());
  }

  /**
   * Whether this replica has joined the writers' group and every partition it was assigned is
   * loaded and its log applied and committed as far as it reached when assigned: it answers for
   * those partitions from its own engines, and requests for them are not held back behind a
   * backlog. A replica assigned no partition is ready once it has joined.
   */
  public boolean ready() {
    if (!joined || halted || reload || stopped()) {
      return false;
    }
    for (int p : assigned) {
      Owned o = owned.get(p);
      if (!givenUp.contains(p) && (o == null || !o.caughtUp().get())) {
        return false;
      }
    }
    return true;
  }

  /** The partitions this replica writes now. */
  public Set<Integer> partitions() {
    return Set.copyOf(owned.keySet());
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic), new Rebalance());
      while (!closing.get() && !halted) {
        try {
          step();
        } catch (InvalidOffsetException e) {
          sendAppliedThroughLog();
          e.partitions()
              .forEach(tp -> giveUp(tp.partition(), "its offset is not in the log: " + e));
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          sendAppliedThroughLog(); // committed or not: each kind is applied once
          storeFailed(e);
        }
      }
    } catch (WakeupException e) {
      // close() woke the poll
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "the ledger writer stopped", e);
    } finally {
      try {
        consumer.close(
            CloseOptions.groupMembershipOperation(
                    halted
                        ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                        : CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "closing the ledger writer's consumer: " + e);
      }
      if (!halted) {
        sendAppliedThroughLog();
        deferred.forEach(this::throughLogUnlessGivenUp);
        for (Local left; (left = locals.poll()) != null; ) {
          throughLogUnlessGivenUp(left);
        }
      }
      producer.close(Duration.ofSeconds(5));
      replies.close();
      stopped.countDown();
    }
  }

  /** One poll: its commands applied and committed, then the outboxes relayed and acknowledged. */
  private void step() {
    if (reload) {
      reload = false;
      reloadAssigned();
    }
    Map<Integer, PartitionCommit> batch = new HashMap<>();
    // what the engines changed since the last batch without a command (price ticks)
    for (Map.Entry<Integer, Owned> e : Map.copyOf(owned).entrySet()) {
      try {
        e.getValue().ledger().newBatch();
        e.getValue().ledger().between().ifPresent(c -> batch.put(e.getKey(), c));
      } catch (PartitionLedger.ForeignAccount poisoned) {
        giveUp(e.getKey(), poisoned.getMessage()); // a defect: stop, loudly
      }
    }
    Map<Integer, List<Answer>> answers = new HashMap<>();
    // new local commands: at once; those waiting for the log to be read: for the next fetch
    Duration wait = !locals.isEmpty() ? Duration.ZERO : deferred.isEmpty() ? POLL : FETCH_WAIT;
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      String outcome = apply(r, batch);
      if (halted) {
        return; // as a process killed between its applies and their commit
      }
      answerLater(r, outcome, answers);
    }
    applyLocals(batch);
    if (halted) {
      return;
    }
    commit(batch);
    noteCaughtUp();
    answers.forEach(
        (p, pending) -> {
          if (owned.containsKey(p)) { // committed: now the requesters may hear of it
            pending.forEach(this::answer);
          }
        });
    answerLocals();
    relay();
    acknowledge();
    audit();
  }

  /**
   * Now and then, compares what the store holds of each partition written here (offset, outbox)
   * with what this owner committed. A commit the store lost (a Redis failover) is otherwise found
   * only at the partition's next commit, which an idle partition may not make for a long time: a
   * lost acknowledgement leaves a leg in the stored outbox that this owner no longer relays, and a
   * lost command leaves the stored offset behind. Either way every partition is loaded again.
   */
  private void audit() {
    long now = System.nanoTime();
    if (now - lastAudit < auditEveryNanos || owned.isEmpty()) {
      return;
    }
    lastAudit = now;
    Map<Integer, Owned> held = Map.copyOf(owned);
    Map<Integer, PartitionStore.Mark> marks = store.marks(held.keySet());
    held.forEach(
        (p, o) -> {
          PartitionStore.Mark mark = marks.get(p);
          PartitionLedger ledger = o.ledger();
          if (mark != null
              && (mark.offset() != ledger.offset()
                  || !mark.outbox().equals(ledger.outbox().keySet()))) {
            throw new PartitionStore.DivergedStore(
                "partition "
                    + p
                    + ": the store holds offset "
                    + mark.offset()
                    + " and "
                    + mark.outbox().size()
                    + " outbox entries, this owner committed "
                    + ledger.offset()
                    + " and "
                    + ledger.outbox().size());
          }
        });
  }

  /** How often {@link #audit} runs (5 s unless a test wants it sooner). */
  void auditEvery(Duration every) {
    auditEveryNanos = every.toNanos();
  }

  /** Marks the partitions whose log is read, and committed, as far as it reached at assignment. */
  private void noteCaughtUp() {
    owned.forEach(
        (p, o) -> {
          if (!o.caughtUp().get()
              && consumer.position(new TopicPartition(topic, p)) >= o.catchUpTo()) {
            o.caughtUp().set(true);
          }
        });
  }

  /**
   * The store failed (Redis unreachable, a failover): what this replica holds in memory may be
   * ahead of what was committed, so every partition it writes is loaded again from the store, and
   * its log read again from there, once the store answers.
   */
  private void storeFailed(RuntimeException e) {
    LOG.log(
        System.Logger.Level.ERROR,
        "the ledger store failed; this replica's partitions are loaded again in 1 s: " + e);
    owned.clear();
    reload = true;
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      closing.set(true);
    }
  }

  private void reloadAssigned() {
    for (TopicPartition tp : consumer.assignment()) {
      if (!givenUp.contains(tp.partition())) {
        take(tp);
      }
    }
  }

  /** This replica cannot write the partition safely: it stops reading it and says why. */
  private void giveUp(int partition, String why) {
    givenUp.add(partition);
    stopWriting(partition, why);
  }

  private void stopWriting(int partition, String why) {
    owned.remove(partition);
    consumer.pause(List.of(new TopicPartition(topic, partition)));
    LOG.log(
        System.Logger.Level.ERROR,
        "this replica stops writing ledger partition " + partition + ": " + why);
  }

  /**
   * Applies the commands asked here, adding their changes to the batch. A command waits for a next
   * step while its partition's log holds commands this writer has fetched, or knows of, and not
   * read: it is applied after what the log held when it was asked, as far as this writer can tell
   * without asking the broker (a request per step, which cut intake to a tenth when tried,
   * presumably queued behind the writer's long-polling fetch on the same connection). A command the
   * log received just before it was asked may still be read after it; every command a requester was
   * answered for is committed already, so what that can overtake is a command nobody waits for (a
   * release, a leg), and a reserve it overtakes is answered against the margin held before:
   * refused, the safe side. One whose asker gave up is dropped: the asker was told it went
   * unanswered and asks again, or releases it. One whose partition this writer no longer holds as
   * it did when asked (revoked, given up, fenced, loaded again after a store failure) goes through
   * the log to the partition's writer, and so does one that waited a second for this writer to read
   * the log.
   */
  private void applyLocals(Map<Integer, PartitionCommit> batch) {
    for (Local l; (l = locals.poll()) != null; ) {
      deferred.add(l);
    }
    for (int n = deferred.size(); n > 0 && !halted; n--) {
      Local local = deferred.poll();
      if (local.outcome().isDone()) {
        continue;
      }
      Owned o = owned.get(local.partition());
      if (o == null || o != local.at()) {
        throughLog(local);
        continue;
      }
      if (!logRead(local.partition())) {
        if (System.nanoTime() - local.askedNanos() > LOCAL_WAIT_NANOS) {
          throughLog(local); // this writer stays behind: ordered in the log instead
        } else {
          deferred.add(local);
        }
        continue;
      }
      applied.add(new Done(local, applyHere(o, local, batch)));
      halted = halt;
    }
  }

  /**
   * Whether this writer has read every command of the partition's log it has fetched or knows of.
   */
  private boolean logRead(int partition) {
    OptionalLong lag = consumer.currentLag(topicPartition(partition));
    return lag.isEmpty() || lag.getAsLong() <= 0;
  }

  private String applyHere(Owned o, Local local, Map<Integer, PartitionCommit> batch) {
    try {
      PartitionLedger.Applied applied = o.ledger().applyHere(local.command());
      batch.merge(local.partition(), applied.commit(), PartitionCommit::then);
      return applied.outcome();
    } catch (PartitionLedger.ForeignAccount e) {
      giveUp(local.partition(), "asked here: " + e.getMessage()); // a defect: stop, loudly
      return null;
    } catch (IllegalArgumentException misrouted) {
      return "refused: " + misrouted.getMessage();
    }
  }

  private TopicPartition topicPartition(int partition) {
    return new TopicPartition(topic, partition);
  }

  /**
   * Gives the local commands' outcomes once their commits are written; those whose partition was
   * fenced at the commit go through the log to its new writer.
   */
  private void answerLocals() {
    for (Done d : applied) {
      Local local = d.local();
      if (d.outcome() != null && owned.containsKey(local.partition())) {
        replies.completeHere(local.outcome(), local.answered() ? d.outcome() : null);
      } else {
        throughLog(local);
      }
    }
    applied.clear();
  }

  /** Sends the local commands the current step applied, not yet answered, through the log. */
  private void sendAppliedThroughLog() {
    applied.forEach(d -> throughLog(d.local()));
    applied.clear();
  }

  /** The answer to a request, for the reply partition {@code replyTo}. */
  private record Answer(int replyTo, String request, String outcome) {}

  /** The answer to a command that carries a request, given once its batch is committed. */
  private static void answerLater(
      ConsumerRecord<byte[], byte[]> r, String outcome, Map<Integer, List<Answer>> answers) {
    Header request = r.headers().lastHeader(LedgerReplies.REQUEST);
    Header replyTo = r.headers().lastHeader(LedgerReplies.REPLY_TO);
    if (outcome == null || request == null || replyTo == null) {
      return;
    }
    answers
        .computeIfAbsent(r.partition(), p -> new ArrayList<>())
        .add(
            new Answer(
                Integer.parseInt(new String(replyTo.value(), StandardCharsets.UTF_8)),
                new String(request.value(), StandardCharsets.UTF_8),
                outcome));
  }

  /** Given here when this replica asked, else sent to the requester's reply partition. */
  private void answer(Answer a) {
    if (!replies.answerHere(a.request(), a.outcome())) {
      producer.send(LedgerReplies.answer(topic, a.replyTo(), a.request(), a.outcome()));
    }
  }

  /**
   * Applies a command and adds its changes to the batch's commit for its partition.
   *
   * @return its outcome for the requester, or null when another owner will answer
   */
  private String apply(ConsumerRecord<byte[], byte[]> r, Map<Integer, PartitionCommit> batch) {
    Owned o = owned.get(r.partition());
    if (o == null) {
      return null; // revoked meanwhile: the next owner reads it
    }
    PartitionCommand command;
    try {
      command = PartitionCommandJson.read(r.value());
    } catch (IllegalArgumentException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "skipped " + r.partition() + "@" + r.offset() + ": " + e.getMessage());
      return "refused: " + e.getMessage();
    }
    Optional<PartitionLedger.Applied> applied;
    try {
      applied = o.ledger().apply(r.offset(), command);
    } catch (PartitionLedger.ForeignAccount e) {
      giveUp(r.partition(), "at " + r.offset() + ": " + e.getMessage()); // a defect: stop, loudly
      return null;
    } catch (IllegalArgumentException misrouted) {
      LOG.log(
          System.Logger.Level.WARNING,
          "skipped " + r.partition() + "@" + r.offset() + ": " + misrouted.getMessage());
      return "refused: " + misrouted.getMessage();
    }
    if (applied.isEmpty()) {
      return o.ledger().replayed(command); // a former owner committed this offset
    }
    batch.merge(r.partition(), applied.get().commit(), PartitionCommit::then);
    halted = halt;
    return applied.get().outcome();
  }

  /**
   * Writes each partition's changes of the batch in one script, before anything of it is relayed or
   * answered.
   */
  private void commit(Map<Integer, PartitionCommit> batch) {
    batch.forEach(
        (p, commit) -> {
          Owned o = owned.get(p);
          if (o != null && !store.commit(o.epoch(), commit)) {
            fenced(p);
          }
        });
  }

  /** Another replica moved the epoch on: this one no longer writes the partition. */
  private void fenced(int partition) {
    stopWriting(partition, "another replica took it over");
  }

  /** Sends every committed outbox entry not sent yet by this owner. */
  private void relay() {
    owned.forEach(
        (p, o) ->
            o.ledger()
                .outbox()
                .forEach(
                    (key, out) -> {
                      if (o.relayed().add(key)) {
                        send(o, key, out);
                      }
                    }));
  }

  private void send(Owned o, String key, OutboundLeg out) {
    producer.send(
        new ProducerRecord<>(
            topic,
            out.partition(),
            out.leg().account().toArray(),
            PartitionCommandJson.write(PartitionCommand.ApplyLeg.of(out))),
        (metadata, failure) -> {
          if (failure != null) {
            o.relayed().remove(key); // sent again on the next round
          }
        });
  }

  /** Drops from each outbox the legs their partitions have committed as applied. */
  private void acknowledge() {
    long now = System.nanoTime();
    if (now - lastAcknowledge < ACKNOWLEDGE_EVERY_NANOS) {
      return;
    }
    lastAcknowledge = now;
    owned.forEach(
        (p, o) -> {
          Map<Integer, Set<String>> asked = new HashMap<>();
          o.ledger()
              .outbox()
              .forEach(
                  (key, out) ->
                      asked.computeIfAbsent(out.partition(), x -> new HashSet<>()).add(key));
          Set<String> applied = new HashSet<>();
          asked.forEach((target, keys) -> applied.addAll(store.applied(target, keys)));
          o.ledger()
              .acknowledge(out -> applied.contains(out.leg().key()))
              .ifPresent(
                  commit -> {
                    if (store.commit(o.epoch(), commit)) {
                      o.relayed().removeAll(commit.outboxRemoved());
                    } else {
                      fenced(p);
                    }
                  });
        });
  }

  /**
   * Dies as a killed process would, at its next command: applied with those before it in its batch,
   * none of them committed, the writer still a member of the group until its session runs out. For
   * tests of what a successor finds.
   */
  public void haltAtNextCommit() {
    halt = true;
  }

  /** Whether the writer has stopped, closed or halted. */
  public boolean stopped() {
    return stopped.getCount() == 0;
  }

  /** Leaves the group at once: the partitions move to the other replicas now. Idempotent. */
  @Override
  public void close() {
    if (closing.compareAndSet(false, true) && !stopped()) {
      consumer.wakeup();
    }
    awaitStopped();
  }

  private void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes a partition over: its epoch moved on, its state loaded, its log read after that. */
  private void take(TopicPartition tp) {
    long epoch = store.takeOver(tp.partition());
    PartitionLedger ledger =
        new PartitionLedger(
            store.load(tp.partition()),
            partitioner,
            shards,
            engines,
            () -> System.currentTimeMillis() / 1000,
            epoch);
    ledger.readOtherPartitions(store);
    long end = consumer.endOffsets(List.of(tp)).getOrDefault(tp, 0L);
    owned.put(
        tp.partition(),
        new Owned(
            epoch,
            ledger,
            ConcurrentHashMap.newKeySet(),
            end,
            new AtomicBoolean(ledger.offset() + 1 >= end)));
    consumer.seek(tp, ledger.offset() + 1);
    LOG.log(
        System.Logger.Level.INFO,
        "writing ledger partition "
            + tp.partition()
            + " from offset "
            + (ledger.offset() + 1)
            + " (epoch "
            + epoch
            + ", "
            + ledger.outbox().size()
            + " legs to relay)");
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> assigned.add(tp.partition()));
      partitions.forEach(PartitionWriter.this::take);
      joined = true; // called after every rebalance, with nothing new as well
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> assigned.remove(tp.partition()));
      partitions.forEach(tp -> owned.remove(tp.partition()));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> assigned.remove(tp.partition()));
      partitions.forEach(tp -> owned.remove(tp.partition()));
    }
  }
}
