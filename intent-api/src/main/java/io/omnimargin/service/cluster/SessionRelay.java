package io.omnimargin.service.cluster;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocketBase;
import java.util.function.Supplier;

/**
 * Joins a solver's socket on this replica to its session on the ledger's owner, message for message
 * (text stays text), with back-pressure both ways: a side that does not read pauses the other, so
 * the owner's slow-reader limit still sees the solver. Either side closing closes both.
 */
final class SessionRelay {
  private SessionRelay() {}

  /**
   * Joins the owner's socket, opened with {@link ClusterPeers#RELAY_HELD}, to the solver's once
   * that is upgraded, then tells the owner to begin: it has said nothing yet, so nothing it says
   * can arrive before this side has a handler for it. On a relay of a relay ({@code
   * readyFromBehind}: the solver's side is itself a held relay) the ready comes from the relay
   * behind, once it is joined too, and passes through.
   */
  static void join(
      WebSocketBase owner,
      Supplier<? extends Future<? extends WebSocketBase>> solver,
      boolean readyFromBehind) {
    solver
        .get()
        .onSuccess(
            down -> {
              if (owner.isClosed()) {
                down.close(); // the owner gave up (its hello timer) before this side was joined
                return;
              }
              bridge(down, owner);
              if (!readyFromBehind) {
                owner.writeTextMessage(ClusterPeers.RELAY_READY);
              }
            })
        .onFailure(e -> owner.close());
  }

  static void bridge(WebSocketBase solver, WebSocketBase owner) {
    pipe(solver, owner);
    pipe(owner, solver);
    solver.closeHandler(v -> closeQuietly(owner, solver.closeStatusCode(), solver.closeReason()));
    owner.closeHandler(v -> closeQuietly(solver, owner.closeStatusCode(), owner.closeReason()));
    solver.exceptionHandler(e -> closeQuietly(owner, null, null));
    owner.exceptionHandler(e -> closeQuietly(solver, null, null));
  }

  private static void pipe(WebSocketBase from, WebSocketBase to) {
    from.textMessageHandler(
        text -> {
          to.writeTextMessage(text);
          pauseWhileFull(from, to);
        });
    from.binaryMessageHandler(
        bytes -> {
          to.writeBinaryMessage(bytes);
          pauseWhileFull(from, to);
        });
  }

  private static void pauseWhileFull(WebSocketBase from, WebSocketBase to) {
    if (to.writeQueueFull()) {
      from.pause();
      to.drainHandler(v -> from.resume());
    }
  }

  private static void closeQuietly(WebSocketBase socket, Short status, String reason) {
    if (socket.isClosed()) {
      return;
    }
    if (status == null || status == 1005 || status == 1006 || status == 1015) {
      // no status, or one that is never sent on the wire
      socket.close();
    } else {
      socket.close(status, reason);
    }
  }
}
