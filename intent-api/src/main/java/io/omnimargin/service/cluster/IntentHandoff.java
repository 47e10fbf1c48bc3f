package io.omnimargin.service.cluster;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEventBus;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.store.RedisLedgerOwners;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * On a partitioned ledger any replica takes intake itself: the margin check is a command on the
 * trader's partition, and the intent is stored in Redis. What it accepts, it hands to the ledger's
 * owner, which runs the auctions and settlement: {@code POST /v1/cluster/intents/{id}/opened} with
 * the cluster's forwarding key ({@link IntentHandoffResource}), sent again, backing off, for about
 * two minutes if the owner does not take it. An intent whose hand-off never arrives stays {@code
 * OPEN} in the store until the next owner's take-over resumes it with every live intent, or it
 * expires.
 */
@Singleton
public class IntentHandoff implements IntentEvents {
  private static final Logger LOG = Logger.getLogger(IntentHandoff.class);
  // backing off from 0.5 s to 30 s: about two minutes in all, past any owner's take-over
  private static final int ATTEMPTS = 10;
  private static final long RETRY_MILLIS = 500;
  private static final long RETRY_MAX_MILLIS = 30_000;
  static final String PATH = "/v1/cluster/intents/%s/opened";

  private final ClusterPeers peers;
  private final LedgerEpoch epoch;
  private final boolean partitioned;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  // the configuration, not the PartitionedLedger bean: the router's set-up asks this early
  IntentHandoff(ClusterPeers peers, LedgerEpoch epoch, OmnimarginConfig config) {
    this.peers = peers;
    this.epoch = epoch;
    this.partitioned = PartitionedLedger.configured(config);
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
      send(intent.id(), 1);
    }
  }

  private void send(OrderId id, int attempt) {
    Optional<String> owner = peers.owner().map(RedisLedgerOwners.Owner::url);
    CompletableFuture<Integer> sent =
        owner.isEmpty()
            ? CompletableFuture.completedFuture(503)
            : client
                .sendAsync(
                    HttpRequest.newBuilder(
                            URI.create(owner.get() + String.format(PATH, id.toHex())))
                        .timeout(Duration.ofSeconds(5))
                        .header(ClusterPeers.FORWARD_KEY, peers.forwardKey())
                        .header("Content-Type", "application/json")
                        // the API takes no POST without a body
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    sent.whenComplete(
        (status, failure) -> {
          if (failure == null && status / 100 == 2) {
            return;
          }
          String why = failure != null ? failure.toString() : "status " + status;
          if (attempt < ATTEMPTS) {
            long wait = Math.min(RETRY_MAX_MILLIS, RETRY_MILLIS << (attempt - 1));
            CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS)
                .execute(() -> send(id, attempt + 1));
          } else {
            LOG.warnf(
                "intent %s was not handed to the ledger's owner (%s): it stays OPEN until the"
                    + " next owner resumes it, or expires",
                id, why);
          }
        });
  }
}
