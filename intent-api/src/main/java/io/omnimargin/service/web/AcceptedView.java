package io.omnimargin.service.web;

import io.omnimargin.hub.intent.Intent;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a submission: enough to follow the intent. The full view is at {@code GET
 * /v1/intents/{orderId}}; keeping this small keeps intake cheap.
 */
@Schema(name = "Accepted", description = "An accepted (or previously accepted) intent")
public record AcceptedView(
    @Schema(description = "EIP-712 digest of the order, 0x hex") String orderId,
    @Schema(description = "Current status", example = "OPEN") String status,
    @Schema(description = "The signer, EIP-55 checksummed") String user,
    @Schema(description = "The user's nonce, decimal") String nonce,
    @Schema(description = "When the service accepted it, ISO-8601") String acceptedAt,
    @Schema(description = "True when this order had been accepted before") boolean duplicate,
    @Schema(description = "Where to read it and follow its status") String events) {

  static AcceptedView of(Intent intent, boolean duplicate) {
    String id = intent.id().toHex();
    return new AcceptedView(
        id,
        intent.status().name(),
        intent.order().user().toChecksumHex(),
        intent.order().nonce().toString(),
        intent.acceptedAt().toString(),
        duplicate,
        "/v1/intents/" + id + "/events");
  }
}
