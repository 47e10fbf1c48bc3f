package io.omnimargin.service.cluster;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.store.RedisLedgerOwners;
import io.omnimargin.service.web.Problems;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Any replica answers any request: one that does not own the ledger passes every request (solver
 * sessions included) to the owner after its own guards (rate limit, media type, body size and time)
 * and relays the owner's answer as it comes, streams included. So a wallet gets exactly the
 * outcomes and codes of one process wherever it connects. When the owner does not take the
 * connection (it died), the request waits for the survivor that takes the ledger over, up to {@code
 * omnimargin.cluster.failover-wait}, and goes there (or is answered here, if this replica is it);
 * past that, or when the owner dies after the request was sent, the answer is {@code 503
 * owner-unavailable} with {@code Retry-After: 1}, and an intent whose answer was lost that way can
 * be sent again: the same signed intent is accepted once. Health and metrics ({@code /q/...}) stay
 * this replica's own.
 */
@Singleton
public class OwnerForwarding {
  private static final Logger LOG = Logger.getLogger(OwnerForwarding.class);
  // hop-by-hop headers (RFC 9110 7.6.1) and those the client connection sets itself
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "host",
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "proxy-authorization",
          "proxy-connection",
          "content-length",
          ClusterPeers.FORWARDED_FOR.toLowerCase(Locale.ROOT),
          ClusterPeers.FORWARD_KEY.toLowerCase(Locale.ROOT));
  private static final Set<String> HANDSHAKE =
      Set.of("sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions");

  /** The replica that answered a request itself (a forwarded one carries the owner's). */
  public static final String ANSWERED_BY = "X-Omnimargin-Replica";

  private final ClusterPeers peers;
  private final IntentHandoff handoff;
  private final PartitionWriters writers;
  private final LedgerEpoch epoch;
  private final Vertx vertx;
  private final long timeoutMillis;
  private final long failoverWaitNanos;
  private HttpClient client;

  OwnerForwarding(
      ClusterPeers peers,
      LedgerEpoch epoch,
      Vertx vertx,
      OmnimarginConfig config,
      IntentHandoff handoff,
      PartitionWriters writers) {
    this.peers = peers;
    this.handoff = handoff;
    this.writers = writers;
    this.epoch = epoch;
    this.vertx = vertx;
    this.timeoutMillis = config.cluster().forwardTimeout().toMillis();
    this.failoverWaitNanos = config.cluster().failoverWait().toNanos();
  }

  void install(@Observes Router router) {
    if (!peers.cluster()) {
      return;
    }
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout(2_000)
                .setMaxPoolSize(64)
                .setMaxWebSockets(10_000));
    // after the guards (order -100 to -98), before every endpoint
    router.route().order(-97).handler(this::route);
  }

  private void route(RoutingContext ctx) {
    ctx.response().putHeader(ANSWERED_BY, peers.replicaId()); // a forwarded answer's replaces it
    Optional<URI> writer = partitionWriter(ctx);
    if (writer.isPresent()) {
      toPartitionWriter(ctx, writer.get());
    } else {
      routeHere(ctx);
    }
  }

  private void routeHere(RoutingContext ctx) {
    if (epoch.serving() || ctx.normalizedPath().startsWith("/q/")) {
      ctx.next();
      return;
    }
    if (ctx.normalizedPath().startsWith("/v1/cluster/")
        && !peers.forwardedBy(ctx.request().getHeader(ClusterPeers.FORWARD_KEY))) {
      // between replicas only: a client must not reach the owner's side through a peer's key
      Problems.end(
          ctx.response(),
          ProblemCode.UNAUTHORIZED,
          "only a peer of this cluster calls " + ctx.normalizedPath(),
          Map.of(),
          ctx.request().path());
      return;
    }
    if (intakeHere(ctx)) {
      // taken here even while this replica takes the workflows over: it needs only the trader's
      // partition and the store, and the workflows hear of it once they serve (OwnerOnly)
      ctx.next();
      return;
    }
    if (epoch.owned()) {
      // taking the ledger over: answered once the ledger is loaded and the workflows restored
      awaitServing(ctx, deadline());
      return;
    }
    Optional<RedisLedgerOwners.Owner> current = peers.owner();
    if (current.isEmpty() || current.get().url().equals(peers.advertisedUrl())) {
      unavailable(ctx, "no replica owns the ledger yet");
      return;
    }
    URI target = URI.create(current.get().url());
    if ("websocket".equalsIgnoreCase(ctx.request().getHeader("upgrade"))) {
      relaySession(ctx, target);
    } else {
      forward(ctx, target);
    }
  }

  /**
   * A new intent, on a partitioned ledger: taken here, its margin checked by the trader's partition
   * and its auction handed to the owner ({@link IntentHandoff}).
   */
  private boolean intakeHere(RoutingContext ctx) {
    return handoff.takesIntake()
        && ctx.request().method() == HttpMethod.POST
        && "/v1/intents".equals(ctx.normalizedPath());
  }

  /**
   * On a partitioned ledger, the replica a new intent goes to: the writer of its trader's
   * partition, whose own step holds the margin without a command and an answer through the broker.
   * None when this replica writes it, when a peer sent the intent here already (one hop at most),
   * or when no writer is known: the intent is then taken here, its margin held through the log.
   */
  private Optional<URI> partitionWriter(RoutingContext ctx) {
    if (!intakeHere(ctx) || peers.forwardedBy(ctx.request().getHeader(ClusterPeers.FORWARD_KEY))) {
      return Optional.empty();
    }
    return PartitionWriters.trader(ctx.body().buffer())
        .flatMap(writers::of)
        .filter(at -> !at.toString().equals(peers.advertisedUrl()));
  }

  /**
   * Sends a new intent to its partition's writer and relays the answer. A writer that does not take
   * the connection was sent nothing, so the intent is taken here instead; one that fails after it
   * was sent is answered {@code 503 owner-unavailable}, and the same signed intent sent again is
   * accepted once.
   */
  private void toPartitionWriter(RoutingContext ctx, URI writer) {
    client
        .request(passedOn(ctx.request(), writer, timeoutMillis))
        .onFailure(notConnected -> routeHere(ctx))
        .onSuccess(
            request ->
                send(request, ctx)
                    .onSuccess(response -> relay(ctx, response))
                    .onFailure(
                        e -> {
                          LOG.debugf("an intent sent to the writer at %s failed: %s", writer, e);
                          unavailable(
                              ctx,
                              "the replica writing this account at "
                                  + writer
                                  + " did not answer; try again");
                        }));
  }

  private void forward(RoutingContext ctx, URI target) {
    HttpServerRequest in = ctx.request();
    boolean stream =
        in.getHeader("accept") != null && in.getHeader("accept").contains("text/event-stream");
    RequestOptions options = passedOn(in, target, stream ? 0 : timeoutMillis);
    toOwner(target, to -> client.request(at(new RequestOptions(options), to)), deadline())
        .compose(request -> send(request, ctx))
        .onSuccess(response -> relay(ctx, response))
        .onFailure(e -> failedOrHere(ctx, target, e));
  }

  /** The request {@code in} as it is passed on to the replica at {@code target}. */
  private RequestOptions passedOn(HttpServerRequest in, URI target, long idleTimeoutMillis) {
    return new RequestOptions()
        .setMethod(in.method())
        .setHost(target.getHost())
        .setPort(target.getPort())
        .setURI(in.uri())
        .setIdleTimeout(idleTimeoutMillis)
        .setHeaders(headers(in, Set.of()));
  }

  /**
   * Tries {@code attempt} on the owner at {@code target}; when the owner does not take the
   * connection (it died, and a survivor is taking the ledger over), waits for the owner Redis names
   * next and tries there, until the fail-over wait has passed. Nothing was sent to an owner that
   * refused the connection, so nothing is applied twice.
   */
  private <T> Future<T> toOwner(URI target, Function<URI, Future<T>> attempt, long deadline) {
    return attempt
        .apply(target)
        .recover(
            e -> {
              if (e instanceof UpgradeRejectedException || System.nanoTime() > deadline) {
                return Future.failedFuture(e);
              }
              return successor(target, deadline).compose(next -> toOwner(next, attempt, deadline));
            });
  }

  /**
   * The owner died and this replica took the ledger over while a request waited for the successor:
   * the request is answered here, once the take-over is complete.
   */
  private static final class TookOver extends RuntimeException {
    TookOver() {
      super("this replica took the ledger over", null, false, false);
    }
  }

  private static final TookOver TOOK_OVER = new TookOver();

  /**
   * The owner after {@code failed}, read from Redis every 100 ms until one is named; fails with
   * {@link TookOver} if that is this replica.
   */
  private Future<URI> successor(URI failed, long deadline) {
    return vertx
        .executeBlocking(peers::readOwnerNow, false)
        .compose(
            now -> {
              if (epoch.owned()) {
                return Future.failedFuture(TOOK_OVER); // the successor is this replica
              }
              Optional<URI> next =
                  now.map(o -> URI.create(o.url()))
                      .filter(u -> !u.equals(failed))
                      .filter(u -> !u.toString().equals(peers.advertisedUrl()));
              if (next.isPresent()) {
                return Future.succeededFuture(next.get());
              }
              if (System.nanoTime() > deadline) {
                return Future.failedFuture("no other replica took the ledger over in time");
              }
              Promise<URI> later = Promise.promise();
              vertx.setTimer(100, t -> successor(failed, deadline).onComplete(later));
              return later.future();
            });
  }

  private void awaitServing(RoutingContext ctx, long deadline) {
    vertx.setTimer(
        20,
        t -> {
          if (epoch.serving()) {
            ctx.next();
          } else if (System.nanoTime() > deadline || ctx.response().closed()) {
            unavailable(ctx, "this replica is still taking the ledger over; try again");
          } else {
            awaitServing(ctx, deadline);
          }
        });
  }

  private long deadline() {
    return System.nanoTime() + failoverWaitNanos;
  }

  private static Future<HttpClientResponse> send(HttpClientRequest request, RoutingContext ctx) {
    if (ctx.body().available() && ctx.body().buffer() != null) {
      return request.send(ctx.body().buffer());
    }
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.DELETE) {
      return request.send();
    }
    return request.send(ctx.request());
  }

  private static void relay(RoutingContext ctx, HttpClientResponse response) {
    HttpServerResponse out = ctx.response();
    out.setStatusCode(response.statusCode()).setStatusMessage(response.statusMessage());
    response
        .headers()
        .names()
        .forEach(
            name -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                out.headers().set(name, response.headers().getAll(name));
              }
            });
    String length = response.getHeader("content-length");
    if (length != null) {
      out.putHeader("content-length", length);
    } else {
      out.setChunked(true);
    }
    // a client that leaves a stream closes the owner's side too
    out.closeHandler(v -> response.request().reset());
    response.pipeTo(out);
  }

  private void relaySession(RoutingContext ctx, URI target) {
    HttpServerRequest in = ctx.request();
    // a replica that stopped owning relays a relay on: the first one's ready goes through
    boolean heldBehind = peers.heldRelay(in);
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(target.getHost())
            .setPort(target.getPort())
            .setURI(in.uri())
            .setHeaders(headers(in, HANDSHAKE).set(ClusterPeers.RELAY_HELD, "held"));
    toOwner(
            target,
            to -> client.webSocket(at(new WebSocketConnectOptions(options), to)),
            deadline())
        .onSuccess(upstream -> SessionRelay.join(upstream, in::toWebSocket, heldBehind))
        .onFailure(
            e -> {
              if (e instanceof UpgradeRejectedException refused) {
                // the owner's own answer to the handshake (a problem document), as it gave it
                HttpServerResponse out = ctx.response().setStatusCode(refused.getStatus());
                refused
                    .getHeaders()
                    .forEach(
                        h -> {
                          if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                            out.headers().set(h.getKey(), h.getValue());
                          }
                        });
                out.end(refused.getBody() == null ? Buffer.buffer() : refused.getBody());
                return;
              }
              failedOrHere(ctx, target, e);
            });
  }

  private static <O extends RequestOptions> O at(O options, URI owner) {
    options.setHost(owner.getHost()).setPort(owner.getPort());
    return options;
  }

  private MultiMap headers(HttpServerRequest in, Set<String> alsoDropped) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    in.headers()
        .forEach(
            h -> {
              String name = h.getKey().toLowerCase(Locale.ROOT);
              if (!NOT_FORWARDED.contains(name) && !alsoDropped.contains(name)) {
                headers.add(h.getKey(), h.getValue());
              }
            });
    headers.set(ClusterPeers.FORWARDED_FOR, in.remoteAddress().hostAddress());
    headers.set(ClusterPeers.FORWARD_KEY, peers.forwardKey());
    return headers;
  }

  private void failedOrHere(RoutingContext ctx, URI target, Throwable e) {
    if (e instanceof TookOver) {
      awaitServing(ctx, deadline());
    } else {
      failed(ctx, target, e);
    }
  }

  private void failed(RoutingContext ctx, URI target, Throwable e) {
    peers.forgetOwner();
    LOG.debugf("forwarding %s to the owner at %s failed: %s", ctx.request().path(), target, e);
    unavailable(ctx, "the ledger's owner at " + target + " did not answer; try again");
  }

  private static void unavailable(RoutingContext ctx, String detail) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Problems.end(
        ctx.response(),
        ProblemCode.OWNER_UNAVAILABLE,
        detail,
        Map.of("retryAfterSeconds", 1),
        ctx.request().path());
  }
}
