package io.omnimargin.service.web;

import io.omnimargin.hub.intake.RateLimiter;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.service.cluster.ClusterPeers;
import io.omnimargin.service.config.OmnimarginConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cheap checks before any body is read or any work is queued: the per-IP rate limit, the JSON media
 * type of every body (sent as it is: a body declared compressed is refused, as nothing here
 * decompresses it), and the declared body size of every {@code /v1} request; then the body itself
 * is read here, up to the same limit however it is framed (a Content-Length or chunks), so that no
 * endpoint sees more, and within the body timeout, so that a client that stalls does not hold its
 * connection; an empty body is refused. Every answer under {@code /v1} says {@code
 * X-Content-Type-Options: nosniff} and {@code Cache-Control: no-store}.
 */
@Singleton
public class RequestGuards {
  private static final String NOSNIFF_NAME = "X-Content-Type-Options";
  private final RateLimiter perIp;
  private final OmnimarginConfig.Intake limits;
  private final BodyHandler bodies;
  private final BodyHandler batchBodies;
  private final Vertx vertx;
  private final ClusterPeers peers;
  private final long bodyTimeoutMillis;

  RequestGuards(OmnimarginConfig config, Vertx vertx, ClusterPeers peers) {
    this.vertx = vertx;
    this.peers = peers;
    this.bodyTimeoutMillis = Math.max(1, config.intake().bodyTimeout().toMillis());
    this.perIp =
        new RateLimiter(config.intake().perIpPerSecond(), config.intake().perIpBurst(), 100_000);
    this.limits = config.intake();
    // no uploads to disk, no form parsing: the body is buffered, and refused past the limit
    this.bodies = BodyHandler.create(false).setBodyLimit(limits.maxBodyBytes());
    this.batchBodies = BodyHandler.create(false).setBodyLimit(BodyLimits.batchCancel(limits));
  }

  void install(@Observes Router router) {
    router.route("/v1/*").order(-100).handler(this::guard);
    // every JSON body: POST is all the API takes, PUT and PATCH would be refused by the resources
    router
        .route("/v1/*")
        .method(HttpMethod.POST)
        .method(HttpMethod.PUT)
        .method(HttpMethod.PATCH)
        .order(-99)
        .handler(this::readBody)
        .failureHandler(this::failed);
    router
        .route("/v1/*")
        .method(HttpMethod.POST)
        .method(HttpMethod.PUT)
        .method(HttpMethod.PATCH)
        .order(-98)
        .handler(this::bodyPresent);
  }

  /** Reads the body, up to the limit, within the body timeout. */
  private void readBody(RoutingContext ctx) {
    if (ctx.request().isEnded()) {
      // an empty body (Content-Length: 0) ended with the headers: Vert.x's body reader would
      // wait for an end that has already passed; bodyPresent refuses it next
      ctx.next();
      return;
    }
    long timer = vertx.setTimer(bodyTimeoutMillis, id -> stalled(ctx));
    ctx.addEndHandler(ended -> vertx.cancelTimer(timer));
    (BodyLimits.BATCH_CANCEL_PATH.equals(ctx.request().path()) ? batchBodies : bodies).handle(ctx);
  }

  /**
   * Every body this API takes is a JSON object: an empty one is refused here, as REST would wait
   * for ever to read it (an empty body, chunked or of Content-Length 0, was never answered).
   */
  private void bodyPresent(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      reject(ctx, ProblemCode.MALFORMED_JSON, "the request needs a JSON object body", Map.of());
      return;
    }
    ctx.next();
  }

  private void stalled(RoutingContext ctx) {
    if (ctx.request().isEnded() || ctx.response().headWritten()) {
      return; // the body arrived; what follows is the endpoint's own time
    }
    reject(
        ctx,
        ProblemCode.REQUEST_TIMEOUT,
        "the body did not arrive within " + bodyTimeoutMillis + " ms",
        Map.of());
  }

  /** The body reader refuses a body over the limit as it arrives (a chunked one included). */
  private void failed(RoutingContext ctx) {
    if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
      ctx.next();
      return;
    }
    reject(ctx, ProblemCode.PAYLOAD_TOO_LARGE, tooLarge(ctx), Map.of());
  }

  private String tooLarge(RoutingContext ctx) {
    return "bodies are limited to " + BodyLimits.of(ctx.request().path(), limits) + " bytes";
  }

  private void guard(RoutingContext ctx) {
    // answers, problems and refusals alike: no type sniffing, nothing kept by caches
    ctx.response().putHeader(NOSNIFF_NAME, "nosniff").putHeader("Cache-Control", "no-store");
    // a request another replica forwards passed its per-IP limit there, with the client's address
    long waitNanos =
        peers.forwardedBy(ctx.request().getHeader(ClusterPeers.FORWARD_KEY))
            ? 0
            : perIp.tryAcquire(ctx.request().remoteAddress().hostAddress(), System.nanoTime());
    if (waitNanos > 0) {
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1);
      reject(
          ctx,
          ProblemCode.RATE_LIMITED,
          "too many requests from your address",
          Map.of("retryAfterSeconds", seconds));
      return;
    }
    if (carriesBody(ctx.request().method())
        && !json(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      // a cross-site form can post without one, or as text/plain
      reject(
          ctx, ProblemCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json", Map.of());
      return;
    }
    if (carriesBody(ctx.request().method())
        && !identity(ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING))) {
      // nothing decompresses bodies here: a gzip body would be read as if it were the JSON
      reject(
          ctx,
          ProblemCode.UNSUPPORTED_MEDIA_TYPE,
          "send the body uncompressed (no Content-Encoding)",
          Map.of());
      return;
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parse(length) > BodyLimits.of(ctx.request().path(), limits)) {
      reject(ctx, ProblemCode.PAYLOAD_TOO_LARGE, tooLarge(ctx), Map.of());
      return;
    }
    ctx.next();
  }

  private static boolean carriesBody(HttpMethod method) {
    return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
  }

  /** {@code application/json}, with or without parameters such as a charset. */
  static boolean json(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().equalsIgnoreCase("application/json");
  }

  /** No content coding, or {@code identity}. */
  static boolean identity(String contentEncoding) {
    return contentEncoding == null || contentEncoding.trim().equalsIgnoreCase("identity");
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
    RefusalLog.refused(ctx.request().method().name(), ctx.request().path(), code, detail);
    // The client may still be sending a body we refuse to read.
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    Problems.end(ctx.response(), code, detail, extensions, ctx.request().path());
  }
}
