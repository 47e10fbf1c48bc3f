package io.omnimargin.service.cluster;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEventBus;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.config.OmnimarginConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * On a partitioned ledger any replica takes intake itself: the margin check is a command on the
 * trader's partition, and the intent is stored in Redis. What it accepts, it hands to the ledger's
 * owner, which runs the auctions and settlement: {@code POST /v1/cluster/intents/opened} with the
 * ids and the cluster's forwarding key ({@link IntentHandoffResource}).
 *
 * <p>One hand-off is in flight at a time; the intents accepted meanwhile go in the next one, so a
 * quiet replica sends each intent at once and a busy one sends many per request (no timer delays
 * any). A hand-off the owner does not take is sent again, backing off from 0.5 s to 30 s for about
 * two minutes. An intent whose hand-off never arrives stays {@code OPEN} in the store until the
 * owner's {@link StrandedIntentSweep} takes it, or a take-over resumes it with every live intent.
 */
@Singleton
public class IntentHandoff implements IntentEvents {
  private static final Logger LOG = Logger.getLogger(IntentHandoff.class);
  // backing off from 0.5 s to 30 s: about two minutes in all, past any owner's take-over
  private static final int ATTEMPTS = 10;
  private static final long RETRY_MILLIS = 500;
  private static final long RETRY_MAX_MILLIS = 30_000;
  static final String PATH = "/v1/cluster/intents/opened";
  private static final int MOST = 256;
  // {"orderIds":[...]} and each id: "0x" and 64 hex digits, quoted, and a comma
  private static final int ENVELOPE_BYTES = 64;
  private static final int ID_BYTES = 70;

  private final OwnerPost owner;
  private final LedgerEpoch epoch;
  private final Vertx vertx;
  private final boolean partitioned;
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final int most;

  /** An intent to hand over, and the how-manieth attempt this is. */
  private record Pending(OrderId id, int attempt) {}

  // the configuration, not the PartitionedLedger bean: the router's set-up asks this early
  IntentHandoff(OwnerPost owner, LedgerEpoch epoch, Vertx vertx, OmnimarginConfig config) {
    this.owner = owner;
    this.epoch = epoch;
    this.vertx = vertx;
    this.partitioned = PartitionedLedger.configured(config);
    this.most = batchFor(config.intake().maxBodyBytes());
  }

  /**
   * The most intents one hand-off carries: 256, or fewer when the body limit of every {@code /v1}
   * request ({@code omnimargin.intake.max-body-bytes}) holds fewer ids (233 with its default).
   */
  static int batchFor(int maxBodyBytes) {
    return Math.max(1, Math.min(MOST, (maxBodyBytes - ENVELOPE_BYTES) / ID_BYTES));
  }

  void start(@Observes StartupEvent event, IntentEventBus bus) {
    if (partitioned) {
      bus.listen(this);
    }
  }

  /** Whether this replica takes {@code POST /v1/intents} itself rather than forwarding it. */
  public boolean takesIntake() {
    return partitioned;
  }

  @Override
  public void statusChanged(Intent intent, StatusChange change) {
    if (change.status() == IntentStatus.OPEN && !epoch.owned()) {
      queue.add(new Pending(intent.id(), 1));
      flush();
    }
  }

  /** Sends what is queued unless a hand-off is in flight; its end sends what came meanwhile. */
  private void flush() {
    while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
      List<Pending> batch = new ArrayList<>();
      Pending next;
      while (batch.size() < most && (next = queue.poll()) != null) {
        batch.add(next);
      }
      if (batch.isEmpty()) {
        sending.set(false);
        continue;
      }
      Future<Void> sent;
      try {
        sent = send(batch);
      } catch (RuntimeException e) { // a bad owner address: retried as any failure is
        sent = Future.failedFuture(e);
      }
      sent.onComplete(
          done -> {
            sending.set(false);
            if (done.failed()) {
              retry(batch, done.cause().getMessage());
            }
            flush();
          });
      return;
    }
  }

  private Future<Void> send(List<Pending> batch) {
    JsonArray ids = new JsonArray();
    batch.forEach(p -> ids.add(p.id().toHex()));
    return owner
        .post(PATH, new JsonObject().put("orderIds", ids).encode())
        .compose(IntentHandoff::taken);
  }

  private static Future<Void> taken(Buffer body) {
    JsonArray missing = body.toJsonObject().getJsonArray("missing", new JsonArray());
    if (!missing.isEmpty()) {
      // stored before it was announced, so the owner should find it: say so, do not insist
      LOG.warnf("the ledger's owner does not find handed-off intents %s", missing);
    }
    return Future.succeededFuture();
  }

  /** Queues a failed hand-off's intents again after their back-off, or gives up on them. */
  private void retry(List<Pending> batch, String why) {
    Map<Integer, List<Pending>> byAttempt = new TreeMap<>();
    batch.forEach(p -> byAttempt.computeIfAbsent(p.attempt(), a -> new ArrayList<>()).add(p));
    byAttempt.forEach(
        (attempt, pending) -> {
          if (attempt >= ATTEMPTS) {
            LOG.warnf(
                "%d intents were not handed to the ledger's owner (%s): they stay OPEN until the"
                    + " next owner resumes them, or expire; the first is %s",
                pending.size(), why, pending.get(0).id());
            return;
          }
          vertx.setTimer(
              Math.min(RETRY_MAX_MILLIS, RETRY_MILLIS << (attempt - 1)),
              timer -> {
                pending.forEach(p -> queue.add(new Pending(p.id(), attempt + 1)));
                flush();
              });
        });
  }
}
