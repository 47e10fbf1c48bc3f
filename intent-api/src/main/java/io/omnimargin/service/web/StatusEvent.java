package io.omnimargin.service.web;

import io.omnimargin.hub.intent.Intent;

/** One SSE message: an intent reached {@code status}; {@code index} is its place in the history. */
public record StatusEvent(
    String orderId, int index, String status, String at, String reason, boolean terminal) {
  static StatusEvent of(Intent intent, int index) {
    var change = intent.history().get(index);
    return new StatusEvent(
        intent.id().toHex(),
        index,
        change.status().name(),
        change.at().toString(),
        change.reason(),
        change.status().isTerminal());
  }
}
