package io.omnimargin.service.explorer;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Production headers on everything the explorer serves (every path outside {@code /v1}): a
 * Content-Security-Policy that lets a page load only the service's own scripts, styles and
 * connections (no inline script or style, no other origin, no framing), no sniffing, no referrer.
 */
@Singleton
public class ExplorerHeaders {
  static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  void install(@Observes Router router) {
    router.route().order(-98).handler(this::headers);
  }

  private void headers(RoutingContext ctx) {
    if (!ctx.request().path().startsWith("/v1/")) {
      ctx.response()
          .putHeader("Content-Security-Policy", POLICY)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer");
    }
    ctx.next();
  }
}
