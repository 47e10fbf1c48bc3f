package io.omnimargin.service.auction;

import io.omnimargin.hub.intake.RateLimiter;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.service.cluster.ClusterPeers;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.web.Problems;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Quote requests per client address, before the body is read: one request becomes a message to
 * every connected solver, so a client may ask {@code omnimargin.auction.quotes-per-ip-per-second}
 * (burst {@code quotes-per-ip-burst}), on top of the per-IP limit every {@code /v1} request has.
 * Over it: {@code 429 rate-limited} with {@code Retry-After}.
 */
@Singleton
public class QuoteGuard {
  private final RateLimiter perIp;
  private final ClusterPeers peers;

  QuoteGuard(OmnimarginConfig config, ClusterPeers peers) {
    this.peers = peers;
    OmnimarginConfig.Auction auction = config.auction();
    this.perIp =
        new RateLimiter(auction.quotesPerIpPerSecond(), auction.quotesPerIpBurst(), 100_000);
  }

  void install(@Observes Router router) {
    // after the per-IP guard of every /v1 request (order -100)
    router.post("/v1/quotes").order(-99).handler(this::guard);
  }

  private void guard(RoutingContext ctx) {
    // a quote another replica forwards passed this limit there
    long waitNanos =
        peers.forwardedBy(ctx.request().getHeader(ClusterPeers.FORWARD_KEY))
            ? 0
            : perIp.tryAcquire(ctx.request().remoteAddress().hostAddress(), System.nanoTime());
    if (waitNanos <= 0) {
      ctx.next();
      return;
    }
    long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1);
    // the client may still be sending a body we refuse to read
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    Problems.end(
        ctx.response(),
        ProblemCode.RATE_LIMITED,
        "too many quote requests from your address",
        Map.of("retryAfterSeconds", seconds),
        ctx.request().path());
  }
}
