package io.omnimargin.service.cluster;

import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.store.RedisCommands;
import io.omnimargin.service.store.RedisLedgerOwners;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This replica among its peers: whether there is a cluster at all, its name and address, where the
 * ledger's owner is (read from Redis, kept a quarter of a second), and the key replicas show each
 * other on forwarded requests so that the owner trusts the client address they pass on.
 */
@Singleton
public class ClusterPeers {
  /** Header naming the original client's address on a forwarded request. */
  public static final String FORWARDED_FOR = "X-Omnimargin-Forwarded-For";

  /** Header carrying the cluster's forwarding key. */
  public static final String FORWARD_KEY = "X-Omnimargin-Forward-Key";

  /**
   * On a solver session relayed by a follower (with the forward key): the owner says nothing, not
   * even its challenge, until the follower sends {@link #RELAY_READY}, which it does once the
   * solver's side is joined. Otherwise the owner's first frame could reach the follower's socket
   * before the follower had anywhere to put it, and Vert.x drops such a frame.
   */
  public static final String RELAY_HELD = "X-Omnimargin-Relay";

  /** The follower's first message on a held relay: both sides are joined. */
  public static final String RELAY_READY = "{\"type\":\"relay-ready\"}";

  private static final Logger LOG = Logger.getLogger(ClusterPeers.class);
  private static final long OWNER_READ_MILLIS = 250;

  private final boolean cluster;
  private final String replicaId;
  private final String member;
  private final String advertisedUrl;
  private final RedisLedgerOwners owners;
  private final byte[] forwardKey;
  private final ScheduledExecutorService reader;
  private volatile Optional<RedisLedgerOwners.Owner> owner = Optional.empty();

  ClusterPeers(
      OmnimarginConfig config,
      Instance<RedisDataSource> redis,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
    OmnimarginConfig.Cluster c = config.cluster();
    this.cluster = c.kafkaBootstrapServers().isPresent();
    this.replicaId = c.replicaId().orElseGet(ClusterPeers::defaultReplicaId);
    this.member = replicaId + "." + java.util.HexFormat.of().formatHex(randomBytes(4));
    this.advertisedUrl =
        c.advertisedUrl().orElseGet(() -> "http://" + hostAddress() + ":" + httpPort);
    if (!cluster) {
      owners = null;
      forwardKey = null;
      reader = null;
      return;
    }
    if (config.store() != OmnimarginConfig.StoreKind.REDIS) {
      throw new IllegalStateException(
          "cluster mode (omnimargin.cluster.kafka-bootstrap-servers) needs omnimargin.store=redis:"
              + " the replicas share the ledger and the intents there");
    }
    owners = new RedisLedgerOwners(RedisCommands.over(redis.get()), config.redis().keyPrefix());
    forwardKey = owners.forwardKey().getBytes(StandardCharsets.US_ASCII);
    reader = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("ledger-owner-reader"));
    readOwner();
    reader.scheduleWithFixedDelay(
        this::readOwner, OWNER_READ_MILLIS, OWNER_READ_MILLIS, TimeUnit.MILLISECONDS);
  }

  public boolean cluster() {
    return cluster;
  }

  public String replicaId() {
    return replicaId;
  }

  /**
   * This process's name in the owners' group: the replica id and a suffix drawn at start. A replica
   * restarted under the same id (a container restart keeps its pod name) is a new member, so a peer
   * that evicts the process it found gone never evicts its successor.
   */
  public String member() {
    return member;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new java.security.SecureRandom().nextBytes(bytes);
    return bytes;
  }

  public String advertisedUrl() {
    return advertisedUrl;
  }

  RedisLedgerOwners owners() {
    return owners;
  }

  /**
   * The ledger's owner as last read, at most a quarter of a second old: read off the request's
   * thread (an event loop must not wait for Redis).
   */
  public Optional<RedisLedgerOwners.Owner> owner() {
    return owner;
  }

  /** Reads the owner again now (a forward to it failed). */
  public void forgetOwner() {
    reader.execute(this::readOwner);
  }

  /** Reads the owner now, on the calling thread (never an event loop). */
  public Optional<RedisLedgerOwners.Owner> readOwnerNow() {
    readOwner();
    return owner;
  }

  private void readOwner() {
    try {
      owner = owners.owner();
    } catch (RuntimeException e) {
      LOG.warnf("reading the ledger's owner from Redis failed: %s", e.getMessage());
    }
  }

  @PreDestroy
  void stop() {
    if (reader != null) {
      reader.shutdownNow();
    }
  }

  /** The cluster's forwarding key (cluster mode only). */
  public String forwardKey() {
    return new String(forwardKey, StandardCharsets.US_ASCII);
  }

  /** Whether {@code key} is the cluster's forwarding key (never outside a cluster). */
  /** Whether the request is a follower's held relay ({@link #RELAY_HELD}, with the peers' key). */
  public boolean heldRelay(io.vertx.core.http.HttpServerRequest request) {
    return "held".equals(request.getHeader(RELAY_HELD))
        && forwardedBy(request.getHeader(FORWARD_KEY));
  }

  public boolean forwardedBy(String key) {
    return forwardKey != null
        && key != null
        && MessageDigest.isEqual(forwardKey, key.getBytes(StandardCharsets.US_ASCII));
  }

  static String defaultReplicaId() {
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (UnknownHostException e) {
      return "replica-" + ProcessHandle.current().pid();
    }
  }

  private static String hostAddress() {
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      return "127.0.0.1";
    }
  }
}
