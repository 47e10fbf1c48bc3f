package io.omnimargin.service.web;

import io.omnimargin.hub.intake.RateLimiter;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.service.config.OmnimarginConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cheap checks before any body is read or any work is queued: the per-IP rate limit and the
 * declared body size of every {@code /v1} request.
 */
@Singleton
public class RequestGuards {
  private final RateLimiter perIp;
  private final OmnimarginConfig.Intake limits;

  RequestGuards(OmnimarginConfig config) {
    this.perIp =
        new RateLimiter(config.intake().perIpPerSecond(), config.intake().perIpBurst(), 100_000);
    this.limits = config.intake();
  }

  void install(@Observes Router router) {
    router.route("/v1/*").order(-100).handler(this::guard);
  }

  private void guard(RoutingContext ctx) {
    long waitNanos =
        perIp.tryAcquire(ctx.request().remoteAddress().hostAddress(), System.nanoTime());
    if (waitNanos > 0) {
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1);
      reject(
          ctx,
          ProblemCode.RATE_LIMITED,
          "too many requests from your address",
          Map.of("retryAfterSeconds", seconds));
      return;
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long maxBodyBytes = BodyLimits.of(ctx.request().path(), limits);
    if (length != null && parse(length) > maxBodyBytes) {
      reject(
          ctx,
          ProblemCode.PAYLOAD_TOO_LARGE,
          "bodies are limited to " + maxBodyBytes + " bytes",
          Map.of());
      return;
    }
    ctx.next();
  }

  private static long parse(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static void reject(
      RoutingContext ctx, ProblemCode code, String detail, Map<String, Object> extensions) {
    // The client may still be sending a body we refuse to read.
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    Problems.end(ctx.response(), code, detail, extensions, ctx.request().path());
  }
}
