package io.omnimargin.service.web;

import io.omnimargin.hub.problem.ProblemCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Requests that fail in the HTTP layer before any resource sees them (no {@code Host} header, a
 * body the transport could not read, a failure of a route ahead of REST) are answered with a
 * problem document too, never with the framework's own error body, which names its classes.
 */
@Singleton
public class RouteFailures {
  private static final Logger LOG = Logger.getLogger(RouteFailures.class);

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
  }

  private void failed(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    if (ctx.failure() != null && !ctx.request().isEnded()) {
      bodyNotRead(ctx);
      return;
    }
    int status = ctx.statusCode();
    ProblemCode code;
    String detail;
    if (ctx.request().getHeader(HttpHeaders.HOST) == null && status == 400) {
      code = ProblemCode.INVALID_FIELD;
      detail = "an HTTP/1.1 request needs a Host header";
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    } else if (status == 404) {
      code = ProblemCode.NOT_FOUND;
      detail = "no resource at " + ctx.request().path();
    } else if (status == 405) {
      code = ProblemCode.METHOD_NOT_ALLOWED;
      detail = ctx.request().method() + " is not allowed on " + ctx.request().path();
    } else if (status == 413) {
      code = ProblemCode.PAYLOAD_TOO_LARGE;
      detail = "the body is larger than the service accepts";
    } else if (status >= 400 && status < 500) {
      code = ProblemCode.INVALID_FIELD;
      detail = "the request could not be read (HTTP " + status + ")";
    } else {
      LOG.errorf(ctx.failure(), "Failed %s %s", ctx.request().method(), ctx.request().path());
      code = ProblemCode.INTERNAL_ERROR;
      detail = "the request could not be completed; quote the traceId when reporting it";
    }
    Problems.end(ctx.response(), code, detail, Map.of(), ctx.request().path());
  }

  /**
   * The transport could not read the body: a chunk size that is not hex, or the client closing
   * half-way. The client's fault, answered if it is still there, logged as a refusal: never as an
   * error with a stack trace, which a flood of such requests would turn into a flood of log.
   */
  private static void bodyNotRead(RoutingContext ctx) {
    String detail = "the body could not be read: its chunked framing is broken or it ended early";
    RefusalLog.refused(
        ctx.request().method().name(), ctx.request().path(), ProblemCode.INVALID_FIELD, detail);
    if (ctx.response().closed()) {
      return; // nobody is left to answer
    }
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    Problems.end(ctx.response(), ProblemCode.INVALID_FIELD, detail, Map.of(), ctx.request().path());
  }
}
