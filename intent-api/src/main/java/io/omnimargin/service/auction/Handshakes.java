package io.omnimargin.service.auction;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.service.web.Problems;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a WebSocket opening request Vert.x needs and would otherwise refuse with a bare 400
 * and no body: a key, a version it speaks (RFC 6455's 13, or the drafts' 7 and 8), and a {@code
 * Connection} header naming the upgrade. What is missing is answered with a typed problem.
 */
final class Handshakes {
  private static final Set<String> VERSIONS = Set.of("13", "8", "7");

  private Handshakes() {}

  /** Whether the opening request can be honoured; if not, it has been answered. */
  static boolean answerable(RoutingContext ctx) {
    String key = ctx.request().getHeader("Sec-WebSocket-Key");
    String version = ctx.request().getHeader("Sec-WebSocket-Version");
    String connection = ctx.request().getHeader("Connection");
    if (connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
      refuse(ctx, ProblemCode.UPGRADE_REQUIRED, "send Connection: Upgrade with the upgrade");
    } else if (version == null || !VERSIONS.contains(version.trim())) {
      ctx.response().putHeader("Sec-WebSocket-Version", "13");
      refuse(ctx, ProblemCode.UPGRADE_REQUIRED, "speak WebSocket version 13 (RFC 6455)");
    } else if (key == null || key.isBlank()) {
      refuse(ctx, ProblemCode.INVALID_FIELD, "a WebSocket opening needs a Sec-WebSocket-Key");
    } else {
      return true;
    }
    return false;
  }

  private static void refuse(RoutingContext ctx, ProblemCode code, String detail) {
    ctx.response().putHeader("upgrade", "websocket");
    Problems.end(ctx.response(), code, detail, Map.of(), SolverSessionSocket.PATH);
  }
}
