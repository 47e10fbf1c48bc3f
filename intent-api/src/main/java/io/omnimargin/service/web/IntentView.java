package io.omnimargin.service.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.fixed.FixedPoint;
import io.omnimargin.protocol.json.OrderJson;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An intent as the API shows it: the signed order as received, decoded, with its history. */
@Schema(name = "Intent", description = "An accepted intent with its status history")
public record IntentView(
    @Schema(description = "EIP-712 digest of the order, 0x hex") String orderId,
    @Schema(description = "Current status", example = "OPEN") String status,
    @Schema(description = "The signer, EIP-55 checksummed") String user,
    @Schema(description = "The user's nonce, decimal") String nonce,
    @Schema(description = "When the service accepted it, ISO-8601") String acceptedAt,
    @Schema(description = "MarginOrder or CollateralWithdrawal") String orderType,
    @Schema(description = "The eight signed fields, as the wallet signed them") ObjectNode order,
    @Schema(description = "orderData decoded; amounts with 18 decimals shown as decimal strings")
        Object decoded,
    @Schema(description = "Status changes, oldest first") List<StatusEntry> history) {

  /** One status change. */
  public record StatusEntry(String status, String at, String reason) {
    static StatusEntry of(StatusChange change) {
      return new StatusEntry(change.status().name(), change.at().toString(), change.reason());
    }
  }

  /** A margin order with WAD amounts as decimals. */
  public record MarginOrderView(
      String market,
      String side,
      String size,
      String limitPrice,
      boolean reduceOnly,
      String venueChainId,
      String maxFee) {}

  /** A withdrawal; {@code amount} is in the token's own base units. */
  public record WithdrawalView(String chainId, String asset, String amount, String recipient) {}

  public static IntentView of(Intent intent) {
    return new IntentView(
        intent.id().toHex(),
        intent.status().name(),
        intent.order().user().toChecksumHex(),
        intent.order().nonce().toString(),
        intent.acceptedAt().toString(),
        intent.data() instanceof MarginOrder ? "MarginOrder" : "CollateralWithdrawal",
        OrderJson.write(intent.order()),
        decoded(intent),
        intent.history().stream().map(StatusEntry::of).toList());
  }

  private static Object decoded(Intent intent) {
    if (intent.data() instanceof MarginOrder m) {
      return new MarginOrderView(
          m.market().symbol(),
          m.isBuy() ? "buy" : "sell",
          wad(m.size().toBigInteger()),
          wad(m.limitPrice().toBigInteger()),
          m.reduceOnly(),
          m.venueChainId().toString(),
          wad(m.maxFee().toBigInteger()));
    }
    CollateralWithdrawal w = (CollateralWithdrawal) intent.data();
    return new WithdrawalView(
        w.chainId().toString(), w.asset().toHex(), w.amount().toString(), w.recipient().toHex());
  }

  private static String wad(java.math.BigInteger raw) {
    return FixedPoint.format(raw, FixedPoint.WAD_DECIMALS);
  }
}
