package io.omnimargin.service.cluster;

import io.omnimargin.service.store.RedisLedgerOwners;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;

/**
 * A replica's posts to the ledger owner's {@code /v1/cluster/} endpoints (hand-offs of intents and
 * liquidations): JSON, with the cluster's forwarding key, over one Vert.x client of this replica's,
 * kept alive, made at the first post. Only the owner URL's host and port are used, as {@link
 * OwnerForwarding} does.
 */
@Singleton
public class OwnerPost {
  private static final long TIMEOUT_MILLIS = 5_000;

  private final ClusterPeers peers;
  private final Vertx vertx;
  private volatile HttpClient client;

  OwnerPost(ClusterPeers peers, Vertx vertx) {
    this.peers = peers;
    this.vertx = vertx;
  }

  /**
   * Posts {@code json} to {@code path} on the owner.
   *
   * @return the owner's answer when its status is 2xx; failed when no replica owns the ledger, the
   *     owner cannot be reached, or it answers another status
   */
  public Future<Buffer> post(String path, String json) {
    Optional<String> owner = peers.owner().map(RedisLedgerOwners.Owner::url);
    if (owner.isEmpty()) {
      return Future.failedFuture("no replica owns the ledger");
    }
    URI target = URI.create(owner.get());
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(target.getHost())
            .setPort(target.getPort())
            .setURI(path)
            .setIdleTimeout(TIMEOUT_MILLIS)
            .putHeader(ClusterPeers.FORWARD_KEY, peers.forwardKey())
            .putHeader("Content-Type", "application/json");
    return client()
        .request(options)
        .compose(request -> request.send(Buffer.buffer(json)))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        body ->
                            response.statusCode() / 100 == 2
                                ? Future.succeededFuture(body)
                                : Future.failedFuture(
                                    "status " + response.statusCode() + ": " + body)));
  }

  private HttpClient client() {
    HttpClient made = client;
    if (made == null) {
      synchronized (this) {
        if (client == null) {
          client =
              vertx.createHttpClient(
                  new HttpClientOptions()
                      .setKeepAlive(true)
                      .setConnectTimeout(2_000)
                      .setMaxPoolSize(4));
        }
        made = client;
      }
    }
    return made;
  }

  synchronized void stop(@Observes ShutdownEvent event) {
    if (client != null) {
      client.close();
    }
  }
}
